using Referrals.Core.Commissions;
using Referrals.Core.Partners;
using Referrals.Core.Payouts;
using Referrals.Core.Programs;

namespace Referrals.Core.Statements;

/// <summary>
/// A partner's statement for one period (the program's payout period, in its time zone): sales and
/// refunds recorded in it, the commissions by rule with how each was computed, the tier the period's
/// sales reached and what the next tier needs, and the partner's payout line of the period's run.
/// </summary>
/// <remarks>
/// Sales, refunds and commissions are those recorded in the period (a refund of an earlier sale shows
/// where it was recorded, as the payout counts it); the tier is measured over the sales earned in the
/// period with their refunds, as the period's close measures it.
/// </remarks>
public sealed record PartnerStatement(
    Partner Partner,
    ReferralProgram Program,
    PayoutPeriod Period,
    bool Ended,
    int Sales,
    Money Revenue,
    int Refunds,
    Money Refunded,
    IReadOnlyList<StatementRule> Rules,
    Money Commissions,
    StatementTier? Tier,
    PayoutRun? Run,
    PayoutLine? Line)
{
    /// <summary>
    /// The statement of <paramref name="period"/> from the partner's whole ledger in the program, at
    /// <paramref name="now"/>; <paramref name="tiers"/> are those the period is settled by (of the plan in
    /// force for the partner when it began), none when that plan has no tiers.
    /// </summary>
    public static PartnerStatement Build(
        Partner partner,
        ReferralProgram program,
        PayoutPeriod period,
        IReadOnlyCollection<Commission> ledger,
        IReadOnlyList<CommissionTier> tiers,
        PayoutRun? run,
        PayoutLine? line,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(partner);
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(ledger);
        var currency = program.Currency;
        var recorded = ledger
            .Where(entry => entry.PartnerId == partner.Id && entry.CreatedAt >= period.Start && entry.CreatedAt < period.End)
            .OrderBy(entry => entry.CreatedAt)
            .ThenBy(entry => entry.Id, StringComparer.Ordinal)
            .ToArray();
        var sales = recorded.Where(entry => entry.Adjusts is null && entry.Rule is CommissionPlanKind.Percent or CommissionPlanKind.Flat && entry.Status != CommissionStatus.Rejected).ToArray();
        var refunds = recorded.Where(entry => entry.Adjusts is not null && entry.Base.Amount < 0).ToArray();
        var rules = recorded
            .GroupBy(entry => entry.Rule)
            .OrderBy(group => group.Key)
            .Select(group => new StatementRule(group.Key, group.Count(), new Money(group.Sum(entry => entry.Amount.Amount), currency), [.. group]))
            .ToArray();
        return new PartnerStatement(
            partner,
            program,
            period,
            now >= period.End,
            sales.Length,
            new Money(sales.Sum(entry => entry.Base.Amount), currency),
            refunds.Length,
            new Money(-refunds.Sum(entry => entry.Base.Amount), currency),
            rules,
            new Money(recorded.Sum(entry => entry.Amount.Amount), currency),
            TierOf(partner.Id, program, period, ledger, tiers, now),
            run,
            line);
    }

    /// <summary>The periods in which the partner's ledger has entries, newest first: the statements there are to read.</summary>
    public static IReadOnlyList<PayoutPeriod> PeriodsWithActivity(ReferralProgram program, IEnumerable<Commission> ledger)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(ledger);
        var settings = program.Payouts;
        return [.. ledger
            .Select(entry => PayoutPeriod.Containing(entry.CreatedAt, settings.Schedule, settings.Zone))
            .DistinctBy(period => period.Key)
            .OrderByDescending(period => period.Start)];
    }

    private static StatementTier? TierOf(string partnerId, ReferralProgram program, PayoutPeriod period, IReadOnlyCollection<Commission> ledger, IReadOnlyList<CommissionTier> tiers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        if (tiers.Count == 0)
        {
            return null;
        }

        var settings = program.Payouts;
        var earned = TierSettlement.EarnedIn(
            [.. ledger.Where(entry => entry.PartnerId == partnerId)],
            instant => PayoutPeriod.Containing(instant, settings.Schedule, settings.Zone),
            period.Key);
        var measure = TierClose.MeasureOf(partnerId, earned, tiers);
        return StatementTier.Of(tiers, measure, program.Currency, settings.Schedule, period, now >= period.End);
    }
}
