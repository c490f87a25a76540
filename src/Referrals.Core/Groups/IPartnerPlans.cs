using Referrals.Core.Commissions;

namespace Referrals.Core.Groups;

/// <summary>Where each partner's own plan history (<see cref="PartnerPlanVersion"/>) is kept.</summary>
public interface IPartnerPlans
{
    /// <summary>The partner's override history, oldest version first.</summary>
    Task<IReadOnlyList<PartnerPlanVersion>> ListAsync(string partnerId, CancellationToken cancellationToken);

    /// <summary>
    /// Every partner's own plan history in the program, oldest version first per partner: what a period's
    /// close reads once instead of once per partner. Plans of one's own are exceptions, so this stays small.
    /// </summary>
    Task<IReadOnlyList<PartnerPlanVersion>> ListForProgramAsync(string programId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the partner's next version (<paramref name="plan"/> null: the override ends), effective at
    /// <paramref name="effectiveFrom"/>. Two changes at once get consecutive versions, never the same one.
    /// </summary>
    Task<PartnerPlanVersion> AddAsync(string programId, string partnerId, CommissionPlan? plan, DateTimeOffset effectiveFrom, string changedBy, CancellationToken cancellationToken);
}
