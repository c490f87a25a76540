namespace Referrals.Core.Commissions;

/// <summary>
/// The tiers that settle one partner's period: those of the plan in force for the partner when the period
/// began (<see cref="CloseTiers"/>), its <see cref="PlanVersion"/>, and <see cref="PlanName"/>, the plan's
/// name in a partner's words when the line should name it ("version 2 of the 'Resellers' group's plan").
/// </summary>
public sealed record TierTerms(IReadOnlyList<CommissionTier> Tiers, int PlanVersion, string? PlanName = null)
{
    public bool HasTiers => Tiers.Count > 0;

    /// <summary><paramref name="explanation"/> with the plan named, when it is, and when it came into force for the period.</summary>
    public string Explain(string explanation, string period) =>
        PlanName is null ? explanation : $"{explanation} Under {PlanName}, in force when {period} began.";
}
