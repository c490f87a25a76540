using Referrals.Core.Commissions;
using Referrals.Core.Programs;

namespace Referrals.Core.Groups;

/// <summary>
/// The plan that decides a conversion's commission: the version of the partner's group's plan in force
/// when the conversion was received. <see cref="GroupName"/> and <see cref="Version"/> name it in the
/// commission's explanation.
/// </summary>
public sealed record PlanInForce(CommissionPlan Plan, string GroupId, string GroupName, int Version)
{
    /// <summary>
    /// Whether the explanation should name the plan: when the plan has changed since the program was
    /// made or the partner is in a group of its own. A program's first plan stays unnamed, as before groups.
    /// </summary>
    public bool IsNamed => GroupId != PartnerGroup.DefaultId || Version > 1;

    /// <summary>The plan's name in a partner's words: "version 2 of the 'Resellers' group's plan".</summary>
    public string Describe() => GroupId == PartnerGroup.DefaultId
        ? $"version {Version} of the program's plan"
        : $"version {Version} of the '{GroupName}' group's plan";

    /// <summary><paramref name="explanation"/> with the plan named, when it is (see <see cref="IsNamed"/>).</summary>
    public string Explain(string explanation) => IsNamed ? $"{explanation} Under {Describe()}." : explanation;

    /// <summary>
    /// The plan in force for a conversion received at <paramref name="receivedAt"/> by a partner whose group
    /// moves are <paramref name="moves"/>: the partner's group at that time (the last move before it, else
    /// the default group), and of that group's <paramref name="versions"/> the last one effective by then.
    /// Without one the program's own plan applies. Pure: the same history and time give the same plan, so a
    /// conversion handled late, or twice, is paid under the plan that was in force when it arrived.
    /// </summary>
    public static PlanInForce Resolve(
        ReferralProgram program,
        IEnumerable<PartnerGroup> groups,
        IEnumerable<PlanVersion> versions,
        IEnumerable<GroupMove> moves,
        DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(moves);
        var groupId = moves
            .Where(move => move.At <= receivedAt)
            .OrderBy(move => move.At)
            .LastOrDefault()?.ToGroupId ?? PartnerGroup.DefaultId;
        var version = versions
            .Where(candidate => candidate.GroupId == groupId && candidate.EffectiveFrom <= receivedAt)
            .OrderBy(candidate => candidate.Version)
            .LastOrDefault();
        if (version is null)
        {
            // The program's own plan: the default group before any change, or a group with no version yet.
            return new PlanInForce(program.Plan, PartnerGroup.DefaultId, PartnerGroup.DefaultName, program.Plan.Version);
        }

        var name = groups.FirstOrDefault(group => group.Id == groupId)?.Name ?? (groupId == PartnerGroup.DefaultId ? PartnerGroup.DefaultName : groupId);
        return new PlanInForce(version.Plan with { Version = version.Version }, groupId, name, version.Version);
    }
}
