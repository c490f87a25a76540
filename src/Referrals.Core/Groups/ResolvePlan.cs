using Referrals.Core.Programs;

namespace Referrals.Core.Groups;

/// <summary>
/// Loads a program's groups and plan versions and a partner's moves and own plans, and picks the plan in
/// force (<see cref="PlanInForce.Resolve(ReferralProgram, IEnumerable{PartnerGroup}, IEnumerable{PlanVersion}, IEnumerable{GroupMove}, IEnumerable{PartnerPlanVersion}, DateTimeOffset)"/>).
/// </summary>
/// <remarks>Read on every attribution rather than cached, so a plan change made on another instance applies at once.</remarks>
public sealed class ResolvePlan(IPartnerGroups groups, IPartnerPlans? partnerPlans = null)
{
    public async Task<PlanInForce> ExecuteAsync(ReferralProgram program, string partnerId, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(program);
        var versions = await groups.ListPlanVersionsAsync(program.Id, cancellationToken);
        var moves = await groups.ListMovesAsync(partnerId, cancellationToken);
        var own = partnerPlans is null ? [] : await partnerPlans.ListAsync(partnerId, cancellationToken);
        if (moves.Count == 0)
        {
            return PlanInForce.Resolve(program, [], versions, [], own, receivedAt);
        }

        var named = await groups.ListAsync(program.Id, cancellationToken);
        return PlanInForce.Resolve(program, named, versions, moves, own, receivedAt);
    }

    /// <summary>The program's own plan in force at <paramref name="at"/>: what a partner in the default group without a plan of its own earns under.</summary>
    public async Task<PlanInForce> ForProgramAsync(ReferralProgram program, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(program);
        return PlanInForce.OfProgram(program, await groups.ListPlanVersionsAsync(program.Id, cancellationToken), at);
    }
}
