using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Referrals.Core.Attribution;
using Referrals.Core.Commissions;
using Referrals.Core.Conversions;
using Referrals.Core.Groups;
using Referrals.Core.Payouts;
using Referrals.Core.Statements;
using Referrals.Core.Tests.Fakes;

namespace Referrals.Core.Tests.Groups;

/// <summary>
/// A plan change reaches what depends on the plan beyond one commission: a period's tiers (from the first
/// period that begins under it), the partner's statement, the payout run's tier step, and how long a
/// customer lock keeps renewals (for renewals that arrive after it).
/// </summary>
public class PlanChangeReachTests
{
    private static readonly CommissionTier[] ByRevenue = [new(10), new(15, FromRevenue: 1_000_000)];
    private static readonly DateTimeOffset March = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset April = March.AddMonths(1);

    private readonly InMemoryProgramStore _programs = new();
    private readonly InMemoryPartnerStore _partners = new();
    private readonly InMemoryCommissionStore _commissions = new();
    private readonly InMemoryPartnerGroups _groups = new();
    private readonly InMemoryPartnerPlans _partnerPlans = new();
    private readonly FakeTimeProvider _time = new(April.AddMonths(1).AddDays(2));
    private readonly ResolvePlan _plans;

    public PlanChangeReachTests()
    {
        _plans = new ResolvePlan(_groups, _partnerPlans);
        _programs.Add(Sample.Program(plan: CommissionPlan.OfPercent(10)));
        _partners.Add(Sample.Partner());
        _partners.Add(Sample.Partner(Sample.OtherPartnerId));
    }

    [Fact]
    public async Task Tiers_added_during_a_period_settle_from_the_next_period_on_and_the_line_names_the_version()
    {
        await ChangeProgramPlanAsync(CommissionPlan.OfPercent(10) with { Tiers = ByRevenue }, March.AddDays(13));
        await EarnAsync(Sample.PartnerId, 1_200_000, March.AddDays(20));
        await EarnAsync(Sample.PartnerId, 1_200_000, April.AddDays(9));

        var march = await CloseAsync("2025-03");
        var april = await CloseAsync("2025-04");

        Assert.Empty(march.Lines);
        var line = Assert.Single(april.Lines);
        Assert.Equal((60_000L, 2), (line.Amount.Amount, line.PlanVersion));
        Assert.EndsWith("so 600.00 EUR more. Under version 2 of the program's plan, in force when 2025-04 began.", line.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partners_own_tiers_and_a_groups_tiers_settle_only_their_partners()
    {
        await _partnerPlans.AddAsync(Sample.ProgramId, Sample.PartnerId, CommissionPlan.OfPercent(10) with { Tiers = ByRevenue }, March.AddDays(-5), "admin", default);
        await _groups.TryCreateAsync(new PartnerGroup(Sample.ProgramId, "grp_vip", "VIP", March.AddDays(-9)), default);
        await _groups.AddPlanVersionAsync(Sample.ProgramId, "grp_vip", CommissionPlan.OfPercent(10) with { Tiers = [new(10), new(20, FromRevenue: 1_000_000)] }, March.AddDays(-9), "admin", 1, default);
        await _groups.AddMoveAsync(new GroupMove(Sample.ProgramId, "prt_cleo", PartnerGroup.DefaultId, "grp_vip", March.AddDays(-8), "admin", null), default);
        foreach (var partner in new[] { Sample.PartnerId, Sample.OtherPartnerId, "prt_cleo" })
        {
            await EarnAsync(partner, 1_200_000, March.AddDays(3));
        }

        var lines = (await CloseAsync("2025-03")).Lines.ToDictionary(line => line.PartnerId);

        Assert.Equal(["prt_ada", "prt_cleo"], lines.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(60_000, lines[Sample.PartnerId].Amount.Amount);
        Assert.EndsWith("Under version 1 of the partner's own plan, in force when 2025-03 began.", lines[Sample.PartnerId].Explanation, StringComparison.Ordinal);
        Assert.Equal(120_000, lines["prt_cleo"].Amount.Amount);
        Assert.EndsWith("Under version 1 of the 'VIP' group's plan, in force when 2025-03 began.", lines["prt_cleo"].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_correction_of_an_earlier_period_keeps_that_periods_tiers_after_they_were_removed()
    {
        _programs.Add(Sample.Program(plan: CommissionPlan.OfPercent(10) with { Tiers = ByRevenue }));
        var sale = await EarnAsync(Sample.PartnerId, 1_200_000, March.AddDays(3));
        Assert.Equal(60_000, Assert.Single((await CloseAsync("2025-03")).Lines).Amount.Amount);
        await ChangeProgramPlanAsync(CommissionPlan.OfPercent(10), April.AddDays(2));
        await _commissions.TryCreateAsync(sale with { Id = "cm_refund", ConversionId = "cv_refund", Amount = new Money(-10_000, "EUR"), Base = new Money(-100_000, "EUR"), CreatedAt = April.AddDays(5), Adjusts = sale.Id }, default);

        var correction = Assert.Single((await CloseAsync("2025-04")).Lines);

        // March still measures against its 15% tier: 15% of 1,100.00 = 165.00, less 110.00 earned, less 60.00 booked.
        Assert.Equal(("tier-2025-03", -5_000L), (correction.ConversionId, correction.Amount.Amount));
    }

    [Fact]
    public async Task A_run_closes_tiers_when_any_plan_of_the_program_has_them()
    {
        var start = new StartPayoutRun(_programs, new InMemoryPayoutRunStore(), _plans, _time);
        var without = Assert.IsType<StartPayoutRunOutcome.Started>(await start.ExecuteAsync(Sample.ProgramId, March, "admin", default)).Run;
        await _groups.TryCreateAsync(new PartnerGroup(Sample.ProgramId, "grp_vip", "VIP", March), default);
        await _groups.AddPlanVersionAsync(Sample.ProgramId, "grp_vip", CommissionPlan.OfPercent(10) with { Tiers = ByRevenue }, March, "admin", 1, default);

        var with = Assert.IsType<StartPayoutRunOutcome.Started>(await start.ExecuteAsync(Sample.ProgramId, April, "admin", default)).Run;

        Assert.False(without.ClosesTiers);
        Assert.True(with.ClosesTiers);
    }

    [Fact]
    public async Task The_statement_shows_the_tier_of_the_plan_in_force_when_its_period_began()
    {
        await ChangeProgramPlanAsync(CommissionPlan.OfPercent(10) with { Tiers = ByRevenue }, March.AddDays(13));
        await EarnAsync(Sample.PartnerId, 1_200_000, March.AddDays(20));
        await EarnAsync(Sample.PartnerId, 1_200_000, April.AddDays(9));
        var statements = new ReadPartnerStatement(_partners, _programs, _commissions, new InMemoryPayoutRunStore(), _plans, _time);

        var march = Assert.IsType<ReadStatementOutcome.Found>(await statements.ExecuteAsync(Sample.PartnerId, "2025-03", default)).Statement;
        var april = Assert.IsType<ReadStatementOutcome.Found>(await statements.ExecuteAsync(Sample.PartnerId, "2025-04", default)).Statement;

        Assert.Null(march.Tier);
        Assert.NotNull(april.Tier);
        Assert.Equal(15m, april.Tier.Current!.Percent);
    }

    [Fact]
    public async Task A_shorter_recurring_window_ends_the_customer_lock_for_renewals_that_arrive_after_the_change()
    {
        var (attribute, conversions, locks) = Attribution();
        var now = Sample.Now;
        _programs.Add(Sample.Program(plan: CommissionPlan.OfPercent(20) with { RecurringMonths = 12 }));
        await locks.LockAsync(new CustomerLock(Sample.ProgramId, "cus_42", Sample.PartnerId, now.AddMonths(-5), "cv_first"), default);
        var before = Sample.Conversion(ConversionType.Renewal, amount: 4_900, occurredAt: now.AddDays(-2), eventId: "evt_before");
        var after = Sample.Conversion(ConversionType.Renewal, amount: 4_900, occurredAt: now, eventId: "evt_after");
        await conversions.TryCreateAsync(before, default);
        await conversions.TryCreateAsync(after, default);
        await ChangeProgramPlanAsync(CommissionPlan.OfPercent(20) with { RecurringMonths = 3 }, now.AddDays(-1));

        await attribute.HandleAsync(new ConversionReceived(Sample.ProgramId, after.Id), default);
        await attribute.HandleAsync(new ConversionReceived(Sample.ProgramId, before.Id), default);

        var kept = (await conversions.GetAsync(Sample.ProgramId, before.Id, default))!.Attribution!;
        var ended = (await conversions.GetAsync(Sample.ProgramId, after.Id, default))!.Attribution!;
        Assert.Equal((AttributionMethod.CustomerLock, Sample.PartnerId), (kept.Method, kept.PartnerId));
        Assert.Contains("kept for 12 months", kept.Reason, StringComparison.Ordinal);
        Assert.Null(ended.PartnerId);
        Assert.Contains("ended after 3 months", ended.Reason, StringComparison.Ordinal);
        Assert.Equal([before.Id], _commissions.All.Select(commission => commission.ConversionId));
    }

    [Fact]
    public async Task A_partners_own_lifetime_plan_keeps_its_customers_locked_whatever_the_program_says()
    {
        var (attribute, conversions, locks) = Attribution();
        var now = Sample.Now;
        _programs.Add(Sample.Program(plan: CommissionPlan.OfPercent(20) with { RecurringMonths = 3 }));
        await _partnerPlans.AddAsync(Sample.ProgramId, Sample.PartnerId, CommissionPlan.OfPercent(25), now.AddMonths(-1), "admin", default);
        await locks.LockAsync(new CustomerLock(Sample.ProgramId, "cus_42", Sample.PartnerId, now.AddMonths(-8), "cv_first"), default);
        var renewal = Sample.Conversion(ConversionType.Renewal, amount: 4_000, occurredAt: now, eventId: "evt_renewal");
        await conversions.TryCreateAsync(renewal, default);

        await attribute.HandleAsync(new ConversionReceived(Sample.ProgramId, renewal.Id), default);

        var decision = (await conversions.GetAsync(Sample.ProgramId, renewal.Id, default))!.Attribution!;
        Assert.Equal((AttributionMethod.CustomerLock, Sample.PartnerId), (decision.Method, decision.PartnerId));
        Assert.Contains("kept for the customer's lifetime", decision.Reason, StringComparison.Ordinal);
        Assert.Equal(1_000, Assert.Single(_commissions.All).Amount.Amount);
    }

    /// <summary>Attribution over the test's stores, on a clock five minutes after <see cref="Sample.Now"/>.</summary>
    private (AttributeConversion Attribute, InMemoryConversionStore Conversions, InMemoryCustomerLockStore Locks) Attribution()
    {
        var locks = new InMemoryCustomerLockStore();
        var conversions = new InMemoryConversionStore();
        var attribute = new AttributeConversion(
            conversions, _programs, _partners, new RecordingClickLog(), new InMemoryReferralCodeStore(), _commissions, new InMemoryStatsStore(), locks, new InMemoryLeadStore(),
            new FakeTimeProvider(Sample.Now.AddMinutes(5)), NullLogger<AttributeConversion>.Instance, plans: _plans);
        return (attribute, conversions, locks);
    }

    private Task ChangeProgramPlanAsync(CommissionPlan plan, DateTimeOffset at) =>
        _groups.AddPlanVersionAsync(Sample.ProgramId, PartnerGroup.DefaultId, plan, at, "admin", 2, default);

    private async Task<Commission> EarnAsync(string partnerId, long baseAmount, DateTimeOffset at)
    {
        var id = $"cm_{partnerId}_{at:yyyyMMddHHmm}";
        var commission = new Commission(id, Sample.ProgramId, partnerId, "cv_" + id, CommissionStatus.Pending, new Money(baseAmount / 10, "EUR"), new Money(baseAmount, "EUR"), CommissionPlanKind.Percent, 10, "10%.", at, PlanVersion: 1);
        await _commissions.TryCreateAsync(commission, default);
        return commission;
    }

    private async Task<CloseTiersOutcome.Closed> CloseAsync(string period) =>
        Assert.IsType<CloseTiersOutcome.Closed>(await new CloseTiers(_programs, _commissions, _plans, _time).RunAsync(Sample.ProgramId, period, default));
}
