using Referrals.Core.Commissions;
using Referrals.Core.Payouts;
using Referrals.Core.Programs;

namespace Referrals.Core.Tests.Programs;

public sealed class PlanDescriptionTests
{
    [Fact]
    public void A_percent_plan_with_renewal_months_and_revenue_tiers_reads_as_a_partner_would_say_it()
    {
        var plan = new CommissionPlan(CommissionPlanKind.Percent, Percent: 15, RecurringMonths: 6, Tiers: [new(15), new(20, FromRevenue: 1_000_000)]);

        var rules = PlanDescription.Describe(Sample.Program(plan: plan));

        Assert.Equal("You earn 15% of every payment, renewals included, for 6 months after the customer's first purchase.", rules[0]);
        Assert.Contains("Your rate grows with your results in a calendar month: 15% → 20% from 10000.00 EUR; when the month closes, the month's sales earn the rate you reached.", rules);
    }

    [Fact]
    public void A_weekly_program_measures_tiers_by_the_week()
    {
        var plan = CommissionPlan.OfPercent(10) with { Tiers = [new(10), new(15, FromSales: 20)] };
        var program = Sample.Program(plan: plan) with { PayoutSettings = PayoutSettings.Default with { Schedule = PayoutSchedule.Weekly } };

        var rules = PlanDescription.Describe(program);

        Assert.Contains("Your rate grows with your results in a week (Monday to Sunday): 10% → 15% from 20 sales; when the week closes, the week's sales earn the rate you reached.", rules);
    }

    [Fact]
    public void Tiers_changed_during_a_period_are_announced_for_the_next_one()
    {
        var program = Sample.Program();
        var march = PayoutPeriod.Containing(Sample.Now, PayoutSchedule.Monthly, TimeZoneInfo.Utc);
        var flat = CommissionPlan.OfPercent(10);
        var tiered = flat with { Tiers = [new(10), new(15, FromRevenue: 1_000_000)] };
        var steeper = flat with { Tiers = [new(10), new(20, FromRevenue: 1_000_000)] };

        Assert.Null(PlanDescription.PendingTiers(program, tiered, tiered with { Version = 2 }, march));
        Assert.Null(PlanDescription.PendingTiers(program, flat, flat with { Percent = 12 }, march));
        Assert.Equal("The tiers apply from 2025-04: this month (2025-03) began before they were set, so it earns no tier.", PlanDescription.PendingTiers(program, tiered, flat, march));
        Assert.Equal("This month (2025-03) still closes by the tiers in force when it began: 10% → 15% from 10000.00 EUR; from 2025-04 there are none.", PlanDescription.PendingTiers(program, flat, tiered, march));
        Assert.Equal("The tiers above apply from 2025-04; this month (2025-03) closes by the tiers in force when it began: 10% → 15% from 10000.00 EUR.", PlanDescription.PendingTiers(program, steeper, tiered, march));
    }

    [Fact]
    public void Lifetime_renewals_leads_overrides_and_second_tier_each_get_a_sentence()
    {
        var plan = new CommissionPlan(CommissionPlanKind.Flat, Amount: 500, LeadAmount: 200, Overrides: [new(ProductId: "pro", Percent: 30)], SecondTierPercent: 10);

        var rules = PlanDescription.Describe(Sample.Program(plan: plan));

        Assert.Equal("You earn 5.00 EUR for every sale, renewals included, for as long as the customer pays.", rules[0]);
        Assert.Contains("You also earn 2.00 EUR for every qualified lead.", rules);
        Assert.Contains("Product 'pro' earns 30% instead.", rules);
        Assert.Contains("You earn 10% of the commissions of partners you bring to the program.", rules);
    }

    [Fact]
    public void Payout_terms_name_the_cookie_window_hold_schedule_and_minimum()
    {
        var program = Sample.Program(cookieDays: 60) with { PayoutSettings = PayoutSettings.Default with { MinimumPayout = 5_000, Schedule = PayoutSchedule.Weekly } };

        var rules = PlanDescription.Describe(program);

        Assert.Contains("A click counts for 60 days: a purchase within that time is yours.", rules);
        Assert.Contains("Commissions are held for 30 days (the refund window) before they can be paid.", rules);
        Assert.Contains("Payouts are weekly; a balance under 50.00 EUR carries over to the next payout.", rules);
    }
}
