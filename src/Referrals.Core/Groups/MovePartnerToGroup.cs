using Referrals.Core.Partners;

namespace Referrals.Core.Groups;

/// <summary>Moves a partner to another group of its program, recording who did it, when and why.</summary>
public sealed class MovePartnerToGroup(IPartnerStore partners, IPartnerGroups groups, TimeProvider time)
{
    public const int MaxReasonLength = 500;

    public async Task<MovePartnerOutcome> ExecuteAsync(string partnerId, string groupId, string by, string? reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(by);
        if (await partners.GetAsync(partnerId, cancellationToken) is not { } partner)
        {
            return new MovePartnerOutcome.PartnerNotFound();
        }

        if (groupId != PartnerGroup.DefaultId && !(await groups.ListAsync(partner.ProgramId, cancellationToken)).Any(group => group.Id == groupId))
        {
            return new MovePartnerOutcome.GroupNotFound();
        }

        var moves = await groups.ListMovesAsync(partner.Id, cancellationToken);
        var from = moves.Count == 0 ? PartnerGroup.DefaultId : moves[^1].ToGroupId;
        if (from == groupId)
        {
            return new MovePartnerOutcome.AlreadyThere(moves.Count == 0 ? null : moves[^1]);
        }

        var move = new GroupMove(partner.ProgramId, partner.Id, from, groupId, time.GetUtcNow(), by, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim());
        await groups.AddMoveAsync(move, cancellationToken);
        return new MovePartnerOutcome.Moved(move);
    }
}
