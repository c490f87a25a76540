using Referrals.Core.Commissions;
using Referrals.Core.Groups;
using Referrals.Core.Programs;

namespace Referrals.Api.Groups;

/// <summary>A group as the API shows it: its current plan, that plan's version and since when it applies.</summary>
public sealed record GroupResponse(
    string Id,
    string Name,
    bool IsDefault,
    CommissionPlan Plan,
    int PlanVersion,
    DateTimeOffset PlanSince,
    string PlanDescription,
    DateTimeOffset CreatedAt)
{
    /// <summary>The program's groups, the default first, each with the latest version of its plan.</summary>
    public static IReadOnlyList<GroupResponse> ListFor(ReferralProgram program, IEnumerable<PartnerGroup> groups, IReadOnlyList<PlanVersion> versions)
    {
        ArgumentNullException.ThrowIfNull(program);
        return [From(program, PartnerGroup.DefaultOf(program.Id, program.CreatedAt), versions), .. groups.OrderBy(group => group.CreatedAt).Select(group => From(program, group, versions))];
    }

    public static GroupResponse From(ReferralProgram program, PartnerGroup group, IReadOnlyList<PlanVersion> versions)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(group);
        var latest = versions.Where(version => version.GroupId == group.Id).MaxBy(version => version.Version);
        var plan = latest?.Plan ?? program.Plan;
        return new GroupResponse(
            group.Id,
            group.Name,
            group.IsDefault,
            plan,
            latest?.Version ?? program.Plan.Version,
            latest?.EffectiveFrom ?? program.CreatedAt,
            plan.Describe(program.Currency),
            group.CreatedAt);
    }
}

/// <summary>A partner's group, the plan they earn under now, and every move between groups (the audit trail).</summary>
public sealed record PartnerGroupResponse(string PartnerId, string GroupId, string GroupName, int PlanVersion, string PlanDescription, IReadOnlyList<GroupMoveResponse> Moves);

/// <summary>One move of a partner between groups: from, to, when, by whom and why.</summary>
public sealed record GroupMoveResponse(string FromGroupId, string ToGroupId, DateTimeOffset At, string By, string? Reason)
{
    public static GroupMoveResponse From(GroupMove move)
    {
        ArgumentNullException.ThrowIfNull(move);
        return new(move.FromGroupId, move.ToGroupId, move.At, move.By, move.Reason);
    }
}

/// <summary>Where a manager moves a partner, and why (kept in the audit trail).</summary>
public sealed record MovePartnerRequest(string? GroupId, string? Reason);
