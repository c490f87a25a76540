using Referrals.Core.Commissions;
using Referrals.Core.Groups;

namespace Referrals.Core.Tests.Fakes;

internal sealed class InMemoryPartnerPlans : IPartnerPlans
{
    private readonly List<PartnerPlanVersion> _versions = [];

    public Task<IReadOnlyList<PartnerPlanVersion>> ListAsync(string partnerId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PartnerPlanVersion>>([.. _versions.Where(version => version.PartnerId == partnerId)]);

    public Task<IReadOnlyList<PartnerPlanVersion>> ListForProgramAsync(string programId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PartnerPlanVersion>>([.. _versions.Where(version => version.ProgramId == programId)]);

    public Task<PartnerPlanVersion> AddAsync(string programId, string partnerId, CommissionPlan? plan, DateTimeOffset effectiveFrom, string changedBy, CancellationToken cancellationToken)
    {
        var next = _versions.Count(version => version.PartnerId == partnerId) + 1;
        var added = new PartnerPlanVersion(programId, partnerId, next, plan is null ? null : plan with { Version = next }, effectiveFrom, changedBy);
        _versions.Add(added);
        return Task.FromResult(added);
    }
}
