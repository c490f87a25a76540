using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Referrals.Api.Groups;
using Referrals.Api.Security;
using Referrals.Core.Groups;
using Referrals.Core.Partners;
using Referrals.Core.Programs;

namespace Referrals.Server.Pages.Manage;

/// <summary>
/// A program's groups with their current plans, the partners with a plan of their own, and its partners
/// with the group each is in; the manager moves partners here (audited).
/// </summary>
public sealed class GroupsModel(IProgramStore programs, IPartnerDirectory directory, IPartnerGroups groups, IPartnerPlans partnerPlans, MovePartnerToGroup move) : PageModel
{
    private const int MaxListed = 100;

    public ReferralProgram? Program { get; private set; }

    public IReadOnlyList<GroupResponse> Groups { get; private set; } = [];

    public IReadOnlyList<(Partner Partner, string GroupId)> Members { get; private set; } = [];

    /// <summary>The listed partners whose own plan is in force, with its latest version; they earn under it whatever their group.</summary>
    public IReadOnlyList<(Partner Partner, PartnerPlanVersion Plan)> OwnPlans { get; private set; } = [];

    public string? Notice { get; private set; }

    public string? Problem { get; private set; }

    public bool HasOwnPlan(string partnerId) => OwnPlans.Any(own => own.Partner.Id == partnerId);

    public string NameOf(string groupId) => Groups.FirstOrDefault(group => group.Id == groupId)?.Name ?? groupId;

    public Task<IActionResult> OnGetAsync(string programId, CancellationToken cancellationToken) => ShowAsync(programId, StatusCodes.Status200OK, cancellationToken);

    public async Task<IActionResult> OnPostMoveAsync(string programId, string? partnerId, string? groupId, string? reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(partnerId) || string.IsNullOrEmpty(groupId) || reason is { Length: > MovePartnerToGroup.MaxReasonLength })
        {
            Problem = $"Choose a partner and a group; a reason is at most {MovePartnerToGroup.MaxReasonLength} characters.";
            return await ShowAsync(programId, StatusCodes.Status400BadRequest, cancellationToken);
        }

        var partner = (await directory.ListAsync(programId, MaxListed, cancellationToken)).FirstOrDefault(candidate => candidate.Id == partnerId);
        var outcome = partner is null ? new MovePartnerOutcome.PartnerNotFound() : await move.ExecuteAsync(partnerId, groupId, CallerName.Of(User), reason, cancellationToken);
        switch (outcome)
        {
            case MovePartnerOutcome.Moved:
                Notice = $"{partner!.Name} is moved; sales from now on earn under the group's plan.";
                return await ShowAsync(programId, StatusCodes.Status200OK, cancellationToken);
            case MovePartnerOutcome.AlreadyThere:
                Notice = $"{partner!.Name} is in that group already.";
                return await ShowAsync(programId, StatusCodes.Status200OK, cancellationToken);
            default:
                Problem = "There is no such partner or group in this program.";
                return await ShowAsync(programId, StatusCodes.Status404NotFound, cancellationToken);
        }
    }

    private async Task<IActionResult> ShowAsync(string programId, int status, CancellationToken cancellationToken)
    {
        Program = await programs.GetAsync(programId, cancellationToken);
        if (Program is null)
        {
            return NotFound();
        }

        Groups = GroupResponse.ListFor(Program, await groups.ListAsync(Program.Id, cancellationToken), await groups.ListPlanVersionsAsync(Program.Id, cancellationToken));
        var members = new List<(Partner, string)>();
        var ownPlans = new List<(Partner, PartnerPlanVersion)>();

        // The program's own plans in one read; each partner's latest entry decides (a removal returns it to its group's plan).
        var latestOwn = (await partnerPlans.ListForProgramAsync(Program.Id, cancellationToken))
            .GroupBy(entry => entry.PartnerId, StringComparer.Ordinal)
            .ToDictionary(history => history.Key, history => history.MaxBy(entry => entry.Version)!, StringComparer.Ordinal);
        foreach (var partner in await directory.ListAsync(Program.Id, MaxListed, cancellationToken))
        {
            var moves = await groups.ListMovesAsync(partner.Id, cancellationToken);
            members.Add((partner, moves.Count == 0 ? PartnerGroup.DefaultId : moves[^1].ToGroupId));
            if (latestOwn.TryGetValue(partner.Id, out var own) && !own.IsRemoval)
            {
                ownPlans.Add((partner, own));
            }
        }

        Members = members;
        OwnPlans = ownPlans;
        Response.StatusCode = status;
        return Page();
    }
}
