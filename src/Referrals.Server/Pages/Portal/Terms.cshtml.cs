using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Referrals.Api.Security;
using Referrals.Core.Joining;
using Referrals.Core.Partners;
using Referrals.Core.Tracking;

namespace Referrals.Server.Pages.Portal;

/// <summary>
/// The program's current terms for the signed-in partner to accept; the portal sends partners here
/// first while there is a version they have not accepted.
/// </summary>
public sealed class TermsModel(IPartnerStore partners, ITermsStore terms, IAgreementStore agreements, AcceptTerms accept, VisitorHasher hasher) : PageModel
{
    public ProgramTerms? Terms { get; private set; }

    public Agreement? Accepted { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(int version, CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is not { } partner)
        {
            return NotFound();
        }

        if (await accept.ExecuteAsync(partner, version, hasher.Hash(HttpContext.Connection.RemoteIpAddress), cancellationToken) is null)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            Problem = "The terms changed while you were reading them. Please read the current version and accept it.";
            return Page();
        }

        return LocalRedirect("/portal");
    }

    private async Task<Partner?> LoadAsync(CancellationToken cancellationToken)
    {
        if (await partners.GetAsync(User.PartnerOf()!, cancellationToken) is not { } partner)
        {
            return null;
        }

        Terms = await terms.GetCurrentAsync(partner.ProgramId, cancellationToken);
        Accepted = await agreements.GetLatestAsync(partner.ProgramId, partner.Id, cancellationToken);
        return partner;
    }
}
