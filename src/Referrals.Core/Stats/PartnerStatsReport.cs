namespace Referrals.Core.Stats;

/// <summary>A partner's results over a period, with one entry per day (days without activity included as zeros).</summary>
public sealed record PartnerStatsReport(
    string PartnerId,
    DateOnly From,
    DateOnly To,
    string Currency,
    long Clicks,
    long UniqueClicks,
    long Leads,
    long Sales,
    long Revenue,
    long Earnings,
    decimal ConversionRate,
    long EarningsPerClick,
    IReadOnlyList<DailyStats> Daily)
{
    public static PartnerStatsReport Build(string partnerId, string currency, DateOnly from, DateOnly to, IReadOnlyList<DailyStats> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var byDay = days.ToDictionary(day => day.Day);
        var daily = new List<DailyStats>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            daily.Add(byDay.GetValueOrDefault(day) ?? new DailyStats(day, 0, 0, 0, 0, 0, 0, 0));
        }

        var clicks = days.Sum(day => day.Clicks);
        var sales = days.Sum(day => day.Sales);
        var earnings = days.Sum(day => day.Earnings);
        return new PartnerStatsReport(
            partnerId,
            from,
            to,
            currency,
            clicks,
            days.Sum(day => day.UniqueClicks),
            days.Sum(day => day.Leads),
            sales,
            days.Sum(day => day.Revenue),
            earnings,
            clicks == 0 ? 0m : Math.Round((decimal)sales / clicks, 4),
            clicks == 0 ? 0 : earnings / clicks,
            daily);
    }
}
