using Referrals.Core.Commissions;
using Referrals.Core.Programs;

namespace Referrals.Core.Groups;

/// <summary>
/// Every plan a program's partners earn under, loaded once: the program's own plan, its groups and their
/// plan versions, and the partners' own plans. A period's close resolves each partner's plan from it with
/// one more read (the partner's moves), instead of three.
/// </summary>
public sealed record ProgramPlans(
    ReferralProgram Program,
    IReadOnlyList<PartnerGroup> Groups,
    IReadOnlyList<PlanVersion> Versions,
    IReadOnlyList<PartnerPlanVersion> PartnerPlans)
{
    /// <summary>Whether a partner's moves can change its plan: only when the program has groups besides the default one.</summary>
    public bool HasGroups => Groups.Count > 0;

    /// <summary>
    /// True when any plan the program has had, of the program, a group or a partner, has tiers: a period
    /// close must then settle tiers, since any partner may be under such a plan at the period's start.
    /// </summary>
    public bool HasTiers =>
        HasTiersIn(Program.Plan)
        || Versions.Any(version => HasTiersIn(version.Plan))
        || PartnerPlans.Any(version => version.Plan is { } plan && HasTiersIn(plan));

    /// <summary>The plan in force for <paramref name="partnerId"/> at <paramref name="at"/>, given the partner's group <paramref name="moves"/>.</summary>
    public PlanInForce For(string partnerId, IEnumerable<GroupMove> moves, DateTimeOffset at) =>
        PlanInForce.Resolve(Program, Groups, Versions, moves, PartnerPlans.Where(version => version.PartnerId == partnerId), at);

    private static bool HasTiersIn(CommissionPlan plan) => plan.Tiers is { Count: > 0 };
}
