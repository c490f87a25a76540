using Referrals.Core.Stats;

namespace Referrals.Core.Tests.Stats;

public class PartnerStatsReportTests
{
    private static readonly DateOnly March1 = new(2025, 3, 1);

    [Fact]
    public void Days_without_activity_are_filled_with_zeros()
    {
        var report = PartnerStatsReport.Build(Sample.PartnerId, "EUR", March1, March1.AddDays(3), [Day(March1.AddDays(1), clicks: 10)]);

        Assert.Equal([March1, March1.AddDays(1), March1.AddDays(2), March1.AddDays(3)], report.Daily.Select(day => day.Day));
        Assert.Equal(new DailyStats(March1, 0, 0, 0, 0, 0, 0, 0), report.Daily[0]);
        Assert.Equal(10, report.Daily[1].Clicks);
        Assert.Equal(new DailyStats(March1.AddDays(3), 0, 0, 0, 0, 0, 0, 0), report.Daily[3]);
    }

    [Fact]
    public void Totals_add_up_the_days()
    {
        var report = PartnerStatsReport.Build(
            Sample.PartnerId,
            "EUR",
            March1,
            March1.AddDays(6),
            [Day(March1, clicks: 120, unique: 80, leads: 2, sales: 1, revenue: 4999, earnings: 1000), Day(March1.AddDays(5), clicks: 80, unique: 60, leads: 1, sales: 2, revenue: 10_000, earnings: 2000)]);

        Assert.Equal(
            (200L, 140L, 3L, 3L, 14_999L, 3000L),
            (report.Clicks, report.UniqueClicks, report.Leads, report.Sales, report.Revenue, report.Earnings));
    }

    [Fact]
    public void Conversion_rate_is_sales_per_click_and_earnings_per_click_in_minor_units()
    {
        var report = PartnerStatsReport.Build(Sample.PartnerId, "EUR", March1, March1, [Day(March1, clicks: 200, sales: 3, earnings: 3000)]);

        Assert.Equal(0.015m, report.ConversionRate);
        Assert.Equal(15, report.EarningsPerClick);
    }

    [Fact]
    public void Without_clicks_the_rates_are_zero()
    {
        var report = PartnerStatsReport.Build(Sample.PartnerId, "EUR", March1, March1, [Day(March1, clicks: 0, sales: 2, earnings: 500)]);

        Assert.Equal(0m, report.ConversionRate);
        Assert.Equal(0, report.EarningsPerClick);
    }

    [Fact]
    public void A_period_without_any_activity_is_all_zeros()
    {
        var report = PartnerStatsReport.Build(Sample.PartnerId, "EUR", March1, March1.AddDays(29), []);

        Assert.Equal(30, report.Daily.Count);
        Assert.Equal(0, report.Clicks);
        Assert.Equal(0m, report.ConversionRate);
    }

    private static DailyStats Day(DateOnly day, long clicks, long unique = 0, long leads = 0, long sales = 0, long revenue = 0, long earnings = 0) =>
        new(day, clicks, unique, 0, leads, sales, revenue, earnings);
}
