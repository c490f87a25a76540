using Referrals.Core.Programs;

namespace Referrals.Core.Groups;

/// <summary>
/// Loads a program's groups and plan versions and a partner's moves and own plans, and picks the plan in
/// force (<see cref="PlanInForce.Resolve(ReferralProgram, IEnumerable{PartnerGroup}, IEnumerable{PlanVersion}, IEnumerable{GroupMove}, IEnumerable{PartnerPlanVersion}, DateTimeOffset)"/>).
/// </summary>
/// <remarks>Read on every attribution rather than cached, so a plan change made on another instance applies at once.</remarks>
public sealed class ResolvePlan(IPartnerGroups groups, IPartnerPlans? partnerPlans = null)
{
    public async Task<PlanInForce> ExecuteAsync(ReferralProgram program, string partnerId, DateTimeOffset receivedAt, CancellationToken cancellationToken) =>
        (await HistoryAsync(program, partnerId, cancellationToken))(receivedAt);

    /// <summary>The partner's plan history, read once: the plan in force at any instant, for a caller that needs several.</summary>
    public async Task<Func<DateTimeOffset, PlanInForce>> HistoryAsync(ReferralProgram program, string partnerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(program);
        var versions = await groups.ListPlanVersionsAsync(program.Id, cancellationToken);
        var moves = await groups.ListMovesAsync(partnerId, cancellationToken);
        var own = partnerPlans is null ? [] : await partnerPlans.ListAsync(partnerId, cancellationToken);
        var named = moves.Count == 0 ? [] : await groups.ListAsync(program.Id, cancellationToken);
        return at => PlanInForce.Resolve(program, named, versions, moves, own, at);
    }

    /// <summary>Every plan of the program (<see cref="ProgramPlans"/>), to resolve many partners' plans with one read each.</summary>
    public async Task<ProgramPlans> ForProgramPartnersAsync(ReferralProgram program, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(program);
        var versions = await groups.ListPlanVersionsAsync(program.Id, cancellationToken);
        var named = await groups.ListAsync(program.Id, cancellationToken);
        var own = partnerPlans is null ? [] : await partnerPlans.ListForProgramAsync(program.Id, cancellationToken);
        return new ProgramPlans(program, named, versions, own);
    }

    /// <summary>The partner's group moves, oldest first.</summary>
    public Task<IReadOnlyList<GroupMove>> MovesAsync(string partnerId, CancellationToken cancellationToken) => groups.ListMovesAsync(partnerId, cancellationToken);

    /// <summary>The program's own plan in force at <paramref name="at"/>: what a partner in the default group without a plan of its own earns under.</summary>
    public async Task<PlanInForce> ForProgramAsync(ReferralProgram program, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(program);
        return PlanInForce.OfProgram(program, await groups.ListPlanVersionsAsync(program.Id, cancellationToken), at);
    }
}
