namespace Referrals.Core.Groups;

/// <summary>Where a program's groups, their plan versions and the partners' moves between groups are kept.</summary>
public interface IPartnerGroups
{
    /// <summary>Stores a new group; false when the program already has a group of that id.</summary>
    Task<bool> TryCreateAsync(PartnerGroup group, CancellationToken cancellationToken);

    /// <summary>The program's stored groups (the default group is not stored), ordered by id.</summary>
    Task<IReadOnlyList<PartnerGroup>> ListAsync(string programId, CancellationToken cancellationToken);

    /// <summary>Every plan version of the program's groups, oldest first within a group.</summary>
    Task<IReadOnlyList<PlanVersion>> ListPlanVersionsAsync(string programId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="plan"/> as the next version of the group's plan, effective at
    /// <paramref name="effectiveFrom"/>, after <paramref name="firstVersion"/> - 1 when the group has none
    /// yet. Two changes at once get consecutive versions, never the same one.
    /// </summary>
    Task<PlanVersion> AddPlanVersionAsync(
        string programId, string groupId, Commissions.CommissionPlan plan, DateTimeOffset effectiveFrom, string changedBy, int firstVersion, CancellationToken cancellationToken);

    /// <summary>The partner's moves between groups, oldest first (the audit trail of its group).</summary>
    Task<IReadOnlyList<GroupMove>> ListMovesAsync(string partnerId, CancellationToken cancellationToken);

    /// <summary>
    /// The ids of the partners a move took into <paramref name="groupId"/> (never the default group), in id
    /// order after <paramref name="after"/>, a page at a time. The index is written before the move and
    /// cleared after the next one, so it holds everyone in the group but, after a crash mid-move, may
    /// still name someone who is not: check each against <see cref="ListMovesAsync"/>.
    /// </summary>
    Task<ListPage<string>> ListMovedIntoAsync(string programId, string groupId, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>Records a move; it takes effect for conversions received from its time on.</summary>
    Task AddMoveAsync(GroupMove move, CancellationToken cancellationToken);
}
