using Referrals.Api.Formatting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Referrals.Core.Partners;
using Referrals.Core.Payouts;
using Referrals.Server.Pages.Finance;
using Referrals.Api.Payouts;
using Referrals.Api.Security;

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
    DecideByLink decideByLink,
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

        var decision = DecisionForm.Read(await Request.ReadFormAsync(cancellationToken), DecisionForm.LinkActor(token));
        if (decision is null)
        {
            return await ShowAsync(link, StatusCodes.Status400BadRequest, null, DecisionForm.Incomplete, cancellationToken);
        }

        var outcome = await decideByLink.DecideAsync(token, decision, cancellationToken);
        switch (outcome)
        {
            case LinkDecisionOutcome.Answered answered:
                var (status, notice, problem) = DecisionForm.Describe(answered.Result);
                return await ShowAsync(link, status, notice, problem, cancellationToken);
            case LinkDecisionOutcome.WrongDecision wrong:
                return await ShowAsync(link, StatusCodes.Status400BadRequest, null, DecisionLinkAnswers.WrongDecision(wrong.Allowed).Detail, cancellationToken);
            default:
                // Used, expired between the check above and the decision, or not valid.
                return Refuse(DecisionLinkAnswers.RefusalOf(outcome));
        }
    }

    private DecisionLinkCheck.Valid? Check(string token)
    {
        switch (DecisionLink.Verify(options.Value.LinkKey, token, time.GetUtcNow()))
        {
            case DecisionLinkCheck.Valid link:
                Expires = link.Expires;
                return link;
            case DecisionLinkCheck.Expired:
                Refuse(DecisionLinkAnswers.Expired);
                return null;
            default:
                Refuse(DecisionLinkAnswers.Invalid);
                return null;
        }
    }

    private async Task<IActionResult> ShowAsync(DecisionLinkCheck.Valid link, int status, string? notice, string? problem, CancellationToken cancellationToken)
    {
        if (await RunView.LoadAsync(link.RunId, runs, partners, cancellationToken) is not { } view)
        {
            return Refuse(new DecisionLinkRefusal(StatusCodes.Status404NotFound, "Unknown run", "This link names a payout run that does not exist."));
        }

        // Once the run is decided the link has nothing left to do; only the answer to its own decision shows the run.
        if (view.Run.State != PayoutRunState.AwaitingDecision && notice is null)
        {
            return Refuse(new DecisionLinkRefusal(StatusCodes.Status409Conflict, "Already decided", $"Payout run {view.Run.PeriodKey} is {Format.Lower(view.Run.State)}; this link can no longer decide it."));
        }

        View = view with { Decisions = [link.Decision], OffersPayoutFile = false, Notice = notice, Problem = problem };
        Response.StatusCode = status;
        return Page();
    }

    private PageResult Refuse(DecisionLinkRefusal refusal)
    {
        View = null;
        Refusal = refusal;
        Response.StatusCode = refusal.Status;
        return Page();
    }
}
