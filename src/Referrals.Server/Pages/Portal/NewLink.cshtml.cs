using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Referrals.Api.Hosting;
using Referrals.Api.Security;
using Referrals.Api.Tracking;
using Referrals.Core.Links;
using Referrals.Core.Programs;

namespace Referrals.Server.Pages.Portal;

/// <summary>
/// A partner makes a new link of their own, to any page on the program's allowed destinations. The
/// partner and program come from the session; the destination is checked like the API's. An archived
/// program takes no new link: the page says so, with 410 as <c>/join</c> does, and stores nothing.
/// </summary>
public sealed class NewLinkModel(IProgramStore programs, IssueLink issueLink, LinkDirectory directory, IOptions<ReferralsOptions> options) : PageModel
{
    public ReferralProgram? Program { get; private set; }

    public string? Created { get; private set; }

    public bool IsClosed { get; private set; }

    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    [BindProperty]
    public string? Destination { get; set; }

    [BindProperty]
    public string? Campaign { get; set; }

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Program = await programs.GetAsync(User.ProgramOf()!, cancellationToken);
        return Program is null ? NotFound() : Program.IsArchived ? Closed() : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Program = await programs.GetAsync(User.ProgramOf()!, cancellationToken);
        if (Program is null)
        {
            return NotFound();
        }

        if (Program.IsArchived)
        {
            return Closed();
        }

        var draft = new LinkDraft(User.PartnerOf(), Destination?.Trim(), string.IsNullOrWhiteSpace(Campaign) ? null : Campaign.Trim());
        switch (await issueLink.ExecuteAsync(Program.Id, draft, cancellationToken))
        {
            case IssueLinkOutcome.Issued issued:
                directory.Forget(issued.Link.Code);
                Created = $"{SignInLinks.OriginOf(Request, options.Value)}/r/{issued.Link.Code}";
                Destination = Campaign = null;
                return Page();
            case IssueLinkOutcome.Invalid invalid:
                Errors = invalid.Errors.ToDictionary();
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case IssueLinkOutcome.ProgramArchived:
                // Archived between the check above and the link's issue.
                return Closed();
            default:
                return NotFound();
        }
    }

    // 410: the program was archived, so new links are gone for good; its existing links answer 410 too.
    private PageResult Closed()
    {
        Response.StatusCode = StatusCodes.Status410Gone;
        IsClosed = true;
        Destination = Campaign = null;
        return Page();
    }
}
