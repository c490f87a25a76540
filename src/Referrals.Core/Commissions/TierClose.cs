namespace Referrals.Core.Commissions;

/// <summary>
/// Tiers applied when a period closes: given a partner's commissions of the period and the plan's
/// tiers, the one adjustment line that lifts the partner's percent commissions to the tier its results
/// reached. Pure and deterministic (the order of the commissions does not matter), and never lowers
/// earnings: when nothing is owed there is no line.
/// </summary>
/// <remarks>
/// Results count the period's sales under the percent and flat rules, net of their refunds (revenue) or
/// as the number of sales; flagged and rejected commissions do not count. Only percent commissions at a
/// rate below the tier's are lifted, all together: the line is <c>round(tier% × their base) − what they
/// earned</c>, so the lifted commissions and the line add up to exactly the tier's rate of the base and
/// no cent is lost to rounding each commission separately.
/// </remarks>
public static class TierClose
{
    /// <summary>One adjustment line per program, partner and period, so closing a period twice changes nothing.</summary>
    public static string IdFor(string programId, string partnerId, string period) => Identifiers.Stable("cm", "tier", programId, partnerId, period);

    public static Commission? Decide(
        string programId,
        string partnerId,
        string period,
        IEnumerable<Commission> commissions,
        IReadOnlyList<CommissionTier> tiers,
        string currency,
        int planVersion,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(commissions);
        ArgumentNullException.ThrowIfNull(tiers);
        if (tiers.Count == 0)
        {
            return null;
        }

        var owed = Owed(partnerId, commissions, tiers, currency);
        if (owed is null || owed.Extra.Amount <= 0)
        {
            return null;
        }

        var (tier, measure, byRevenue, liftedBase, earned, target) = (owed.Tier, owed.Measure, owed.ByRevenue, owed.LiftedBase, owed.Earned, owed.Target);
        var extra = owed.Extra.Amount;
        var results = byRevenue ? $"{new Money(measure, currency)} in sales" : $"{measure} sales";
        var from = byRevenue ? new Money(tier.Threshold(), currency).ToString() : $"{tier.Threshold()} sales";
        var rate = CommissionPlan.Format(tier.Percent);
        return new Commission(
            IdFor(programId, partnerId, period),
            programId,
            partnerId,
            "tier-" + period,
            CommissionStatus.Pending,
            new Money(extra, currency),
            liftedBase,
            CommissionPlanKind.Tier,
            tier.Percent,
            $"Tier for {period}: {results} reached the {rate}% tier (from {from}); {rate}% of {liftedBase} = {target}, {earned} already earned, so {new Money(extra, currency)} more.",
            now,
            PlanVersion: planVersion);
    }

    /// <summary>
    /// What the tier the partner's period reached is worth on top of what its percent commissions
    /// earned (zero or more), or null when the results reach no tier. The same measure as <see cref="Decide"/>.
    /// </summary>
    /// <summary>The partner's results the tiers are measured by: net revenue (minor units) or the number of sales.</summary>
    public static long MeasureOf(string partnerId, IEnumerable<Commission> commissions, IReadOnlyList<CommissionTier> tiers)
    {
        ArgumentNullException.ThrowIfNull(commissions);
        ArgumentNullException.ThrowIfNull(tiers);
        var sales = commissions
            .Where(commission => commission.PartnerId == partnerId
                && commission.Rule is CommissionPlanKind.Percent or CommissionPlanKind.Flat
                && commission.Status is not (CommissionStatus.Flagged or CommissionStatus.Rejected))
            .ToArray();
        return ByRevenue(tiers) ? sales.Sum(commission => commission.Base.Amount) : sales.Count(commission => commission.Adjusts is null);
    }

    /// <summary>True when the tiers are by revenue, false when by number of sales.</summary>
    public static bool ByRevenue(IReadOnlyList<CommissionTier> tiers)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        return tiers.All(candidate => candidate.FromSales is null);
    }

    public static TierOwed? Owed(string partnerId, IEnumerable<Commission> commissions, IReadOnlyList<CommissionTier> tiers, string currency)
    {
        ArgumentNullException.ThrowIfNull(commissions);
        ArgumentNullException.ThrowIfNull(tiers);
        var sales = commissions
            .Where(commission => commission.PartnerId == partnerId
                && commission.Rule is CommissionPlanKind.Percent or CommissionPlanKind.Flat
                && commission.Status is not (CommissionStatus.Flagged or CommissionStatus.Rejected))
            .ToArray();
        var byRevenue = ByRevenue(tiers);
        var measure = byRevenue ? sales.Sum(commission => commission.Base.Amount) : sales.Count(commission => commission.Adjusts is null);
        var tier = tiers.LastOrDefault(candidate => candidate.Threshold() <= measure);
        if (tier is null)
        {
            return null;
        }

        var lifted = sales.Where(commission => commission.Rule == CommissionPlanKind.Percent && commission.Rate < tier.Percent).ToArray();
        var liftedBase = new Money(lifted.Sum(commission => commission.Base.Amount), currency);
        var earned = new Money(lifted.Sum(commission => commission.Amount.Amount), currency);
        return new TierOwed(tier, measure, byRevenue, liftedBase, earned, liftedBase.Percent(tier.Percent));
    }
}
