using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Referrals.Core.Commissions;
using Referrals.Core.Validation;

namespace Referrals.Core.Tests.Commissions;

public class TierCloseTests
{
    private static readonly CommissionTier[] ByRevenue =
    [
        new(10),
        new(15, FromRevenue: 1_000_000),
        new(20, FromRevenue: 5_000_000),
    ];

    [Fact]
    public void Reaching_a_higher_tier_adds_one_line_that_lifts_the_period_to_its_rate()
    {
        var commissions = new[] { Sale(600_000, 10), Sale(600_000, 10) };

        var line = TierClose.Decide(Sample.ProgramId, Sample.PartnerId, "2025-03", commissions, ByRevenue, "EUR", 1, Sample.Now)!;

        Assert.Equal(new Money(60_000, "EUR"), line.Amount);
        Assert.Equal(CommissionPlanKind.Tier, line.Rule);
        Assert.Equal(15m, line.Rate);
        Assert.Equal(TierClose.IdFor(Sample.ProgramId, Sample.PartnerId, "2025-03"), line.Id);
        Assert.Equal(
            "Tier for 2025-03: 12000.00 EUR in sales reached the 15% tier (from 10000.00 EUR); 15% of 12000.00 EUR = 1800.00 EUR, 1200.00 EUR already earned, so 600.00 EUR more.",
            line.Explanation);
    }

    [Fact]
    public void Staying_in_the_first_tier_adds_nothing()
    {
        Assert.Null(TierClose.Decide(Sample.ProgramId, Sample.PartnerId, "2025-03", [Sale(900_000, 10)], ByRevenue, "EUR", 1, Sample.Now));
    }

    [Fact]
    public void Tiers_by_sales_count_sales_not_refunds()
    {
        CommissionTier[] bySales = [new(10, FromSales: 0), new(20, FromSales: 3)];
        var commissions = new[] { Sale(10_000, 10), Sale(10_000, 10), Sale(10_000, 10) with { Adjusts = "cm_x", Base = new Money(-10_000, "EUR"), Amount = new Money(-1_000, "EUR") } };

        Assert.Null(TierClose.Decide(Sample.ProgramId, Sample.PartnerId, "2025-03", commissions, bySales, "EUR", 1, Sample.Now));
    }

    [Fact]
    public void A_plan_mixing_revenue_and_sales_tiers_is_refused()
    {
        var errors = new ValidationErrors();

        (CommissionPlan.OfPercent(10) with { Tiers = [new CommissionTier(10), new CommissionTier(15, FromRevenue: 1000), new CommissionTier(20, FromSales: 10)] }).Validate(errors, "plan");

        Assert.Contains("plan.tiers", errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_plan_whose_tiers_do_not_climb_is_refused()
    {
        var errors = new ValidationErrors();

        (CommissionPlan.OfPercent(10) with { Tiers = [new CommissionTier(15, FromRevenue: 1000), new CommissionTier(20, FromRevenue: 1000)] }).Validate(errors, "plan");

        Assert.Contains("plan.tiers[1]", errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_tiered_plan_describes_its_tiers()
    {
        var plan = CommissionPlan.OfPercent(10) with { Tiers = ByRevenue, RecurringMonths = 0 };

        Assert.Equal("10% of every sale; no renewals; 15% from 10000.00 EUR in sales in a month; 20% from 50000.00 EUR in sales in a month", plan.Describe("EUR"));
    }

    [Property]
    public Property Tiers_never_lower_earnings_and_the_lines_add_up_to_the_tier_rate() =>
        Prop.ForAll(Sales().ToArbitrary(), commissions =>
        {
            var line = TierClose.Decide(Sample.ProgramId, Sample.PartnerId, "2025-03", commissions, ByRevenue, "EUR", 1, Sample.Now);
            if (line is null)
            {
                return true;
            }

            var revenue = commissions.Sum(commission => commission.Base.Amount);
            var rate = ByRevenue.Last(tier => tier.Threshold() <= revenue).Percent;
            var lifted = commissions.Where(commission => commission.Rate < rate).ToArray();
            var total = lifted.Sum(commission => commission.Amount.Amount) + line.Amount.Amount;
            return line.Amount.Amount > 0 && total == new Money(lifted.Sum(commission => commission.Base.Amount), "EUR").Percent(rate).Amount;
        });

    [Property]
    public Property Closing_gives_the_same_line_whatever_the_order_of_the_commissions() =>
        Prop.ForAll(Sales().ToArbitrary(), commissions =>
        {
            var forward = TierClose.Decide(Sample.ProgramId, Sample.PartnerId, "2025-03", commissions, ByRevenue, "EUR", 1, Sample.Now);
            var backward = TierClose.Decide(Sample.ProgramId, Sample.PartnerId, "2025-03", commissions.Reverse(), ByRevenue, "EUR", 1, Sample.Now);
            return forward == backward;
        });

    private static Gen<Commission[]> Sales() =>
        Gen.Choose(1, 3_000_000)
            .SelectMany(amount => Gen.Elements(5m, 10m, 12.5m, 15m, 25m), (amount, rate) => Sale(amount, rate))
            .ArrayOf()
            .Select(sales => sales.Select((sale, i) => sale with { Id = "cm_" + i }).ToArray());

    private static Commission Sale(long amount, decimal rate)
    {
        var sale = new Money(amount, "EUR");
        return new Commission("cm_" + amount, Sample.ProgramId, Sample.PartnerId, "cv_" + amount, CommissionStatus.Pending, sale.Percent(rate), sale, CommissionPlanKind.Percent, rate, "", Sample.Now);
    }
}
