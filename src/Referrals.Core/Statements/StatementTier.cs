using Referrals.Core.Commissions;
using Referrals.Core.Payouts;

namespace Referrals.Core.Statements;

/// <summary>
/// Where a partner's period stands on the plan's tiers: the results (<see cref="Measure"/>, revenue in
/// minor units or a number of sales), the tier reached (null below the first) and the next one with
/// what is missing to reach it, in words (<see cref="Reached"/>, <see cref="ToNext"/>).
/// </summary>
public sealed record StatementTier(long Measure, bool ByRevenue, CommissionTier? Current, CommissionTier? Next, long? Missing, string Reached, string ToNext)
{
    public static StatementTier Of(IReadOnlyList<CommissionTier> tiers, long measure, string currency, PayoutSchedule schedule, PayoutPeriod period, bool ended)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        var byRevenue = TierClose.ByRevenue(tiers);
        var current = tiers.LastOrDefault(tier => tier.Threshold() <= measure);
        var next = tiers.FirstOrDefault(tier => tier.Threshold() > measure);
        var results = byRevenue ? $"{new Money(measure, currency)} in sales" : $"{measure} sale(s)";
        var reached = current is null
            ? $"{results}: no tier reached yet."
            : $"{results}: the {CommissionPlan.Format(current.Percent)}% tier.";
        if (next is null)
        {
            return new StatementTier(measure, byRevenue, current, null, null, reached, "The highest tier is reached.");
        }

        var missing = next.Threshold() - measure;
        var more = byRevenue ? $"{new Money(missing, currency)} more revenue" : $"{missing} more sale(s)";
        var when = ended ? $"in {period.Key} would have reached" : schedule == PayoutSchedule.Weekly ? "this week for" : "this month for";
        return new StatementTier(measure, byRevenue, current, next, missing, reached, $"{more} {when} {CommissionPlan.Format(next.Percent)}%.");
    }
}
