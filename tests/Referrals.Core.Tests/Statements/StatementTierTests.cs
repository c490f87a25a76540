using Referrals.Core.Commissions;
using Referrals.Core.Payouts;
using Referrals.Core.Statements;

namespace Referrals.Core.Tests.Statements;

public class StatementTierTests
{
    private static readonly CommissionTier[] ByRevenue = [new(10), new(15, FromRevenue: 100_000), new(25, FromRevenue: 500_000)];

    private static readonly PayoutPeriod March = PayoutPeriod.Containing(Sample.Now, PayoutSchedule.Monthly, TimeZoneInfo.Utc);

    [Fact]
    public void An_open_month_says_how_much_more_revenue_reaches_the_next_tier()
    {
        var tier = StatementTier.Of(ByRevenue, 376_000, "EUR", PayoutSchedule.Monthly, March, ended: false);

        Assert.Equal("3760.00 EUR in sales: the 15% tier.", tier.Reached);
        Assert.Equal("1240.00 EUR more revenue this month for 25%.", tier.ToNext);
        Assert.Equal(124_000, tier.Missing);
    }

    [Fact]
    public void A_closed_period_says_what_would_have_reached_the_next_tier()
    {
        var tier = StatementTier.Of([new(10, FromSales: 0), new(20, FromSales: 5)], 3, "EUR", PayoutSchedule.Monthly, March, ended: true);

        Assert.Equal("3 sale(s): the 10% tier.", tier.Reached);
        Assert.Equal("2 more sale(s) in 2025-03 would have reached 20%.", tier.ToNext);
    }

    [Fact]
    public void The_highest_tier_needs_nothing_more()
    {
        var tier = StatementTier.Of(ByRevenue, 900_000, "EUR", PayoutSchedule.Monthly, March, ended: false);

        Assert.Null(tier.Next);
        Assert.Equal("The highest tier is reached.", tier.ToNext);
    }

    [Fact]
    public void A_refund_of_an_earlier_sale_shows_where_it_was_recorded_but_counts_for_the_tier_of_its_sale()
    {
        var program = Sample.Program(plan: CommissionPlan.OfPercent(10) with { Tiers = ByRevenue });
        var february = new DateTimeOffset(2025, 2, 20, 0, 0, 0, TimeSpan.Zero);
        var sale = Sale("cm_feb", 200_000, february);
        var marchSale = Sale("cm_mar", 150_000, Sample.Now);
        var refund = sale with { Id = "cm_refund", Amount = new Money(-5_000, "EUR"), Base = new Money(-50_000, "EUR"), CreatedAt = Sample.Now, Adjusts = sale.Id };

        var statement = PartnerStatement.Build(Sample.Partner(), program, March, [sale, marchSale, refund], ByRevenue, null, null, Sample.Now);

        Assert.Equal(1, statement.Sales);
        Assert.Equal(150_000, statement.Revenue.Amount);
        Assert.Equal(1, statement.Refunds);
        Assert.Equal(50_000, statement.Refunded.Amount);
        Assert.Equal(10_000, statement.Commissions.Amount);
        Assert.Equal(150_000, statement.Tier!.Measure);
        Assert.Equal(2, Assert.Single(statement.Rules).Count);
    }

    private static Commission Sale(string id, long amount, DateTimeOffset at)
    {
        var sale = new Money(amount, "EUR");
        return new Commission(id, Sample.ProgramId, Sample.PartnerId, "cv_" + id, CommissionStatus.Pending, sale.Percent(10), sale, CommissionPlanKind.Percent, 10m, "", at);
    }
}
