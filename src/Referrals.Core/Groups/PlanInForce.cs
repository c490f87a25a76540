using Referrals.Core.Commissions;
using Referrals.Core.Programs;

namespace Referrals.Core.Groups;

/// <summary>
/// The plan that decides a conversion's commission: the partner's own plan in force when the conversion
/// was received, else the version of the partner's group's plan in force then. <see cref="GroupName"/> and
/// <see cref="Version"/> name it in the commission's explanation; <see cref="GroupId"/> is the partner's
/// group at that time even when its own plan applies.
/// </summary>
public sealed record PlanInForce(CommissionPlan Plan, string GroupId, string GroupName, int Version, bool IsPartnerPlan = false)
{
    /// <summary>Where the plan comes from: the partner's own, its group's, or the program's.</summary>
    public PlanSource Source => IsPartnerPlan ? PlanSource.Partner : GroupId == PartnerGroup.DefaultId ? PlanSource.Program : PlanSource.Group;

    /// <summary>
    /// Whether the explanation should name the plan: when the plan has changed since the program was
    /// made, the partner is in a group of its own or has a plan of its own. A program's first plan stays
    /// unnamed, as before groups.
    /// </summary>
    public bool IsNamed => Source != PlanSource.Program || Version > 1;

    /// <summary>The plan's name in a partner's words: "version 2 of the 'Resellers' group's plan".</summary>
    public string Describe() => Source switch
    {
        PlanSource.Partner => $"version {Version} of the partner's own plan",
        PlanSource.Group => $"version {Version} of the '{GroupName}' group's plan",
        _ => $"version {Version} of the program's plan",
    };

    /// <summary><paramref name="explanation"/> with the plan named, when it is (see <see cref="IsNamed"/>).</summary>
    public string Explain(string explanation) => IsNamed ? $"{explanation} Under {Describe()}." : explanation;

    /// <summary>The program's own plan in force at <paramref name="at"/> (its default group's), for a partner in no other group.</summary>
    public static PlanInForce OfProgram(ReferralProgram program, IEnumerable<PlanVersion> versions, DateTimeOffset at) =>
        Resolve(program, [], versions, [], [], at);

    /// <inheritdoc cref="Resolve(ReferralProgram, IEnumerable{PartnerGroup}, IEnumerable{PlanVersion}, IEnumerable{GroupMove}, IEnumerable{PartnerPlanVersion}, DateTimeOffset)"/>
    public static PlanInForce Resolve(
        ReferralProgram program,
        IEnumerable<PartnerGroup> groups,
        IEnumerable<PlanVersion> versions,
        IEnumerable<GroupMove> moves,
        DateTimeOffset receivedAt) =>
        Resolve(program, groups, versions, moves, [], receivedAt);

    /// <summary>
    /// The plan in force for a conversion received at <paramref name="receivedAt"/> by a partner whose own
    /// plan history is <paramref name="partnerPlans"/> and whose group moves are <paramref name="moves"/>:
    /// the partner's own plan when its last entry effective by then sets one; else the partner's group at
    /// that time (the last move before it, else the default group), and of that group's
    /// <paramref name="versions"/> the last one effective by then. Without one the program's own plan
    /// applies. Pure: the same history and time give the same plan, so a conversion handled late, or twice,
    /// is paid under the plan that was in force when it arrived.
    /// </summary>
    public static PlanInForce Resolve(
        ReferralProgram program,
        IEnumerable<PartnerGroup> groups,
        IEnumerable<PlanVersion> versions,
        IEnumerable<GroupMove> moves,
        IEnumerable<PartnerPlanVersion> partnerPlans,
        DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(moves);
        ArgumentNullException.ThrowIfNull(partnerPlans);
        var groupId = moves
            .Where(move => move.At <= receivedAt)
            .OrderBy(move => move.At)
            .LastOrDefault()?.ToGroupId ?? PartnerGroup.DefaultId;
        var name = groups.FirstOrDefault(group => group.Id == groupId)?.Name ?? (groupId == PartnerGroup.DefaultId ? PartnerGroup.DefaultName : groupId);
        var own = partnerPlans
            .Where(candidate => candidate.EffectiveFrom <= receivedAt)
            .OrderBy(candidate => candidate.Version)
            .LastOrDefault();
        if (own is { Plan: { } ownPlan })
        {
            return new PlanInForce(ownPlan with { Version = own.Version }, groupId, name, own.Version, IsPartnerPlan: true);
        }

        var version = LastEffective(versions, groupId, receivedAt);
        if (version is not null)
        {
            return new PlanInForce(version.Plan with { Version = version.Version }, groupId, name, version.Version);
        }

        // A group with no version yet (its creation stopped between the group and its plan) earns the
        // program's plan in force, not the one the program was created with.
        if (groupId != PartnerGroup.DefaultId && LastEffective(versions, PartnerGroup.DefaultId, receivedAt) is { } programVersion)
        {
            return new PlanInForce(programVersion.Plan with { Version = programVersion.Version }, PartnerGroup.DefaultId, PartnerGroup.DefaultName, programVersion.Version);
        }

        return new PlanInForce(program.Plan, PartnerGroup.DefaultId, PartnerGroup.DefaultName, program.Plan.Version);
    }

    private static PlanVersion? LastEffective(IEnumerable<PlanVersion> versions, string groupId, DateTimeOffset at) =>
        versions
            .Where(candidate => candidate.GroupId == groupId && candidate.EffectiveFrom <= at)
            .OrderBy(candidate => candidate.Version)
            .LastOrDefault();
}
