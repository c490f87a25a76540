using Referrals.Core.Commissions;

namespace Referrals.Core.Groups;

/// <summary>Where each partner's own plan history (<see cref="PartnerPlanVersion"/>) is kept.</summary>
public interface IPartnerPlans
{
    /// <summary>The partner's override history, oldest version first.</summary>
    Task<IReadOnlyList<PartnerPlanVersion>> ListAsync(string partnerId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the partner's next version (<paramref name="plan"/> null: the override ends), effective at
    /// <paramref name="effectiveFrom"/>. Two changes at once get consecutive versions, never the same one.
    /// </summary>
    Task<PartnerPlanVersion> AddAsync(string programId, string partnerId, CommissionPlan? plan, DateTimeOffset effectiveFrom, string changedBy, CancellationToken cancellationToken);
}
