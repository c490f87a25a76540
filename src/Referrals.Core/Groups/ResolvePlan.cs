using Referrals.Core.Programs;

namespace Referrals.Core.Groups;

/// <summary>Loads a program's groups, plan versions and a partner's moves, and picks the plan in force (<see cref="PlanInForce.Resolve"/>).</summary>
/// <remarks>Read on every attribution rather than cached, so a plan change made on another instance applies at once.</remarks>
public sealed class ResolvePlan(IPartnerGroups groups)
{
    public async Task<PlanInForce> ExecuteAsync(ReferralProgram program, string partnerId, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(program);
        var versions = await groups.ListPlanVersionsAsync(program.Id, cancellationToken);
        var moves = await groups.ListMovesAsync(partnerId, cancellationToken);
        if (versions.Count == 0 && moves.Count == 0)
        {
            return PlanInForce.Resolve(program, [], [], [], receivedAt);
        }

        var named = await groups.ListAsync(program.Id, cancellationToken);
        return PlanInForce.Resolve(program, named, versions, moves, receivedAt);
    }

}
