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

/// <summary>
/// A partner's group, the plan they earn under now (<see cref="PlanSource"/>: their own, their group's or
/// the program's), every move between groups and every version of their own plan (the audit trails).
/// </summary>
public sealed record PartnerGroupResponse(
    string PartnerId,
    string GroupId,
    string GroupName,
    int PlanVersion,
    string PlanDescription,
    IReadOnlyList<GroupMoveResponse> Moves,
    PlanSource PlanSource,
    CommissionPlan Plan,
    IReadOnlyList<PartnerPlanVersionResponse> OwnPlans);

/// <summary>One version of a partner's own plan: the plan from then on, or (<c>plan</c> null) the return to the group's plan.</summary>
public sealed record PartnerPlanVersionResponse(int Version, CommissionPlan? Plan, DateTimeOffset EffectiveFrom, string ChangedBy)
{
    public static PartnerPlanVersionResponse From(PartnerPlanVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new(version.Version, version.Plan, version.EffectiveFrom, version.ChangedBy);
    }
}

/// <summary>A partner's plan as the audit trail records it: where it comes from, its version and the plan.</summary>
public sealed record AuditedPlan(PlanSource Source, int Version, CommissionPlan Plan)
{
    public static AuditedPlan Of(PartnerGroupResponse partner)
    {
        ArgumentNullException.ThrowIfNull(partner);
        return new(partner.PlanSource, partner.PlanVersion, partner.Plan);
    }
}

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
