using Referrals.Core.Commissions;
using Referrals.Core.Groups;

namespace Referrals.Core.Tests.Fakes;

internal sealed class InMemoryPartnerGroups : IPartnerGroups
{
    private readonly List<PartnerGroup> _groups = [];
    private readonly List<PlanVersion> _versions = [];
    private readonly List<GroupMove> _moves = [];

    public Task<bool> TryCreateAsync(PartnerGroup group, CancellationToken cancellationToken)
    {
        if (_groups.Any(existing => existing.ProgramId == group.ProgramId && existing.Id == group.Id))
        {
            return Task.FromResult(false);
        }

        _groups.Add(group);
        return Task.FromResult(true);
    }

    public Task<IReadOnlyList<PartnerGroup>> ListAsync(string programId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PartnerGroup>>(_groups.Where(group => group.ProgramId == programId).OrderBy(group => group.Id, StringComparer.Ordinal).ToList());

    public Task<IReadOnlyList<PlanVersion>> ListPlanVersionsAsync(string programId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PlanVersion>>(_versions.Where(version => version.ProgramId == programId).ToList());

    public Task<PlanVersion> AddPlanVersionAsync(string programId, string groupId, CommissionPlan plan, DateTimeOffset effectiveFrom, string changedBy, int firstVersion, CancellationToken cancellationToken)
    {
        var last = _versions.Where(version => version.ProgramId == programId && version.GroupId == groupId).Select(version => version.Version).DefaultIfEmpty(firstVersion - 1).Max();
        var added = new PlanVersion(programId, groupId, last + 1, plan with { Version = last + 1 }, effectiveFrom, changedBy);
        _versions.Add(added);
        return Task.FromResult(added);
    }

    public Task<IReadOnlyList<GroupMove>> ListMovesAsync(string partnerId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<GroupMove>>(_moves.Where(move => move.PartnerId == partnerId).ToList());

    public Task<ListPage<string>> ListMovedIntoAsync(string programId, string groupId, string? after, int limit, CancellationToken cancellationToken)
    {
        var ids = _moves.Where(move => move.ProgramId == programId && move.ToGroupId == groupId)
            .Select(move => move.PartnerId)
            .Where(id => after is null || string.CompareOrdinal(id, after) > 0)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(new ListPage<string>(ids.Take(limit).ToList(), ids.Count > limit ? ids[limit - 1] : null));
    }

    public Task AddMoveAsync(GroupMove move, CancellationToken cancellationToken)
    {
        _moves.Add(move);
        return Task.CompletedTask;
    }
}
