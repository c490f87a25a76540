using Referrals.Server.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Referrals.Core.Access;
using Referrals.Core.Partners;
using Referrals.Api.Security;

namespace Referrals.Server.Pages.Portal;

/// <summary>
/// A partner's sign-in link. Opening it only shows a button (mail scanners and link previews open links
/// too); the button's POST uses the link up and opens the session. Expired, used or altered links and
/// suspended partners get a 4xx page.
/// </summary>
internal sealed class PortalSignInModel(SignInLinks links, ISignInLinkStore uses, IPartnerStore partners, TimeProvider time) : PageModel
{
    public string Title { get; private set; } = "Sign in";

    public string? PartnerName { get; private set; }

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        if (await CheckAsync(token, cancellationToken) is not { } partner)
        {
            return Page();
        }

        PartnerName = partner.Name;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        if (await CheckAsync(token, cancellationToken) is not { } partner || links.Check(token) is not SignInLinkCheck.Valid valid)
        {
            return Page();
        }

        if (!await uses.TryUseAsync(valid.LinkId, time.GetUtcNow(), cancellationToken))
        {
            return Refuse(StatusCodes.Status410Gone, "Link already used", "This sign-in link has been used. Ask the program for a new one.");
        }

        await HttpContext.SignInAsync(PageSession.Scheme, PageSession.ForPartner(partner));
        return LocalRedirect("/portal");
    }

    private async Task<Partner?> CheckAsync(string token, CancellationToken cancellationToken)
    {
        switch (links.Check(token))
        {
            case SignInLinkCheck.Valid valid:
                var partner = await partners.GetAsync(valid.PartnerId, cancellationToken);
                if (partner is null or { Status: PartnerStatus.Suspended })
                {
                    Refuse(StatusCodes.Status403Forbidden, "Sign-in closed", "This partner account cannot sign in. Contact the program.");
                    return null;
                }

                return partner;
            case SignInLinkCheck.Expired:
                Refuse(StatusCodes.Status410Gone, "Link expired", "This sign-in link has expired. Ask the program for a new one.");
                return null;
            default:
                Refuse(StatusCodes.Status400BadRequest, "Invalid link", "This sign-in link is not valid.");
                return null;
        }
    }

    private PageResult Refuse(int status, string title, string message)
    {
        Response.StatusCode = status;
        Title = title;
        Message = message;
        PartnerName = null;
        return Page();
    }
}
