using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Referrals.Core.Partners;
using Referrals.Core.Payouts;
using Referrals.Server.Pages.Finance;
using Referrals.Server.Payouts;
using Referrals.Server.Security;

namespace Referrals.Server.Pages;

/// <summary>
/// Where the signed decision links of a payout run's notices land: finance's run page for the one run the
/// link names, offering only the decision it was minted for. The link is the only credential, so every
/// request checks its signature and expiry again and reads the run id from it, never from the URL or the
/// form. Opening it decides nothing (mail scanners open links); the form's POST, with its antiforgery
/// token, decides once: the link's fingerprint is stored before the decision is.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(PublicRateLimits.DecisionPages)]
public sealed class DecisionLinkModel(
    IOptions<PayoutOptions> options,
    IPayoutRunStore runs,
    IPartnerStore partners,
    DecidePayoutRun decide,
    TimeProvider time) : PageModel
{
    public RunView? View { get; private set; }

    public DateTimeOffset Expires { get; private set; }

    public DecisionLinkRefusal? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken) =>
        Check(token) is { } link
            ? await ShowAsync(link, StatusCodes.Status200OK, null, null, cancellationToken)
            : Page();

    public async Task<IActionResult> OnPostDecideAsync(string token, CancellationToken cancellationToken)
    {
        if (Check(token) is not { } link)
        {
            return Page();
        }

        var fingerprint = DecisionLink.Fingerprint(token);
        var decision = DecisionForm.Read(await Request.ReadFormAsync(cancellationToken), $"finance (decision link {fingerprint[..12]})");
        if (decision is null || decision.Kind != link.Decision)
        {
            var problem = decision is null ? DecisionForm.Incomplete : $"This link can only {Format.Lower(link.Decision)} the run.";
            return await ShowAsync(link, StatusCodes.Status400BadRequest, null, problem, cancellationToken);
        }

        // Checked before the link is spent, so an incomplete form or a late click leaves the link usable.
        var outcome = await decide.CheckAsync(link.RunId, decision, cancellationToken);
        if (outcome is PayoutDecisionResult.Decided)
        {
            if (!await runs.TryUseDecisionLinkAsync(link.RunId, fingerprint, time.GetUtcNow(), cancellationToken))
            {
                return Refuse(StatusCodes.Status410Gone, "Link already used", "This decision link has been used; each link decides once.");
            }

            outcome = await decide.ExecuteAsync(link.RunId, decision, cancellationToken);
        }

        var (status, notice, problemAfter) = DecisionForm.Describe(outcome);
        return await ShowAsync(link, status, notice, problemAfter, cancellationToken);
    }

    private DecisionLinkCheck.Valid? Check(string token)
    {
        switch (DecisionLink.Verify(options.Value.LinkKey, token, time.GetUtcNow()))
        {
            case DecisionLinkCheck.Valid link:
                Expires = link.Expires;
                return link;
            case DecisionLinkCheck.Expired:
                Refuse(StatusCodes.Status410Gone, "Link expired", "This decision link has expired: the run's deadline has passed.");
                return null;
            default:
                Refuse(StatusCodes.Status400BadRequest, "Invalid link", "This decision link is not valid: it was changed or was never issued here.");
                return null;
        }
    }

    private async Task<IActionResult> ShowAsync(DecisionLinkCheck.Valid link, int status, string? notice, string? problem, CancellationToken cancellationToken)
    {
        if (await RunView.LoadAsync(link.RunId, runs, partners, cancellationToken) is not { } view)
        {
            return Refuse(StatusCodes.Status404NotFound, "Unknown run", "This link names a payout run that does not exist.");
        }

        // Once the run is decided the link has nothing left to do; only the answer to its own decision shows the run.
        if (view.Run.State != PayoutRunState.AwaitingDecision && notice is null)
        {
            return Refuse(StatusCodes.Status409Conflict, "Already decided", $"Payout run {view.Run.PeriodKey} is {Format.Lower(view.Run.State)}; this link can no longer decide it.");
        }

        View = view with { Decisions = [link.Decision], OffersPayoutFile = false, Notice = notice, Problem = problem };
        Response.StatusCode = status;
        return Page();
    }

    private PageResult Refuse(int status, string title, string detail)
    {
        View = null;
        Refusal = new DecisionLinkRefusal(title, detail);
        Response.StatusCode = status;
        return Page();
    }
}
