using Referrals.Core.Groups;
using Referrals.Core.Partners;
using Referrals.Core.Programs;

namespace Referrals.Api.Groups;

/// <summary>Reads a partner's group, the plan in force for them now, and the audit trails of both.</summary>
public sealed class PartnerPlanReader(IPartnerStore partners, IProgramStore programs, IPartnerGroups groups, IPartnerPlans partnerPlans, ResolvePlan plans, TimeProvider time)
{
    /// <summary>The partner's group and plan now, or null when there is no such partner.</summary>
    public async Task<PartnerGroupResponse?> ReadAsync(string partnerId, CancellationToken cancellationToken)
    {
        if (await partners.GetAsync(partnerId, cancellationToken) is not { } partner
            || await programs.GetAsync(partner.ProgramId, cancellationToken) is not { } program)
        {
            return null;
        }

        var inForce = await plans.ExecuteAsync(program, partner.Id, time.GetUtcNow(), cancellationToken);
        var moves = await groups.ListMovesAsync(partner.Id, cancellationToken);
        var own = await partnerPlans.ListAsync(partner.Id, cancellationToken);
        var groupId = moves.Count == 0 ? PartnerGroup.DefaultId : moves[^1].ToGroupId;
        var name = groupId == inForce.GroupId ? inForce.GroupName
            : (await groups.ListAsync(program.Id, cancellationToken)).FirstOrDefault(group => group.Id == groupId)?.Name ?? groupId;
        return new PartnerGroupResponse(
            partner.Id,
            groupId,
            name,
            inForce.Version,
            inForce.Plan.Describe(program.Currency),
            moves.Select(GroupMoveResponse.From).ToList(),
            inForce.Source,
            inForce.Plan,
            own.Select(PartnerPlanVersionResponse.From).ToList());
    }
}
