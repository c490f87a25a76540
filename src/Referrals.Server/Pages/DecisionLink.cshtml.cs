using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Referrals.Api.Payouts;
using Referrals.Api.Security;
using Referrals.Core.Payouts;

namespace Referrals.Server.Pages;

/// <summary>
/// Where the signed decision links of a payout run's notices land, as the host library's
/// <see cref="DecisionLinkPage"/> answers them (the Functions app serves the same page). Opening it decides
/// nothing; the form's POST, with its antiforgery token, decides once and pays or releases the run at once.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(PublicRateLimits.DecisionPages)]
public sealed class DecisionLinkModel(DecisionLinkPage page, DecideByLink decideByLink) : PageModel
{
    public DecisionLinkView Link { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken) =>
        Show(await page.OpenAsync(token, cancellationToken));

    public async Task<IActionResult> OnPostDecideAsync(string token, CancellationToken cancellationToken) =>
        Show(await page.DecideAsync(token, await Request.ReadFormAsync(cancellationToken), decideByLink.DecideAsync, cancellationToken));

    private PageResult Show(DecisionLinkView link)
    {
        Link = link;
        Response.StatusCode = link.Status;
        return Page();
    }
}
