using Referrals.Core.Commissions;

namespace Referrals.Core.Groups;

/// <summary>
/// One entry of a partner's own plan history: from <see cref="EffectiveFrom"/> on, conversions of that
/// partner earn under <see cref="Plan"/>, whatever their group; a null <see cref="Plan"/> ends the override
/// and returns the partner to its group's plan. <see cref="Version"/> counts the entries per partner (a
/// removal takes a number too, so every boundary is audited).
/// </summary>
public sealed record PartnerPlanVersion(string ProgramId, string PartnerId, int Version, CommissionPlan? Plan, DateTimeOffset EffectiveFrom, string ChangedBy)
{
    public bool IsRemoval => Plan is null;
}
