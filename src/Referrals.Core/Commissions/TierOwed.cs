namespace Referrals.Core.Commissions;

/// <summary>
/// A partner's period measured against a tiered plan: the <see cref="Tier"/> its results
/// (<see cref="Measure"/>: revenue in minor units, or a number of sales) reached, the base of the percent
/// commissions below that tier's rate, what they earned and what the tier's rate of that base is.
/// </summary>
public sealed record TierOwed(CommissionTier Tier, long Measure, bool ByRevenue, Money LiftedBase, Money Earned, Money Target)
{
    /// <summary>What the tier adds on top of what was earned, never below zero.</summary>
    public Money Extra => new(Math.Max(0, Target.Amount - Earned.Amount), Target.Currency);
}
