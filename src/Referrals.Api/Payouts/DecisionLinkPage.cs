using Microsoft.Extensions.Options;
using Referrals.Api.Formatting;
using Referrals.Core.Partners;
using Referrals.Core.Payouts;

namespace Referrals.Api.Payouts;

/// <summary>
/// The page a decision link of a payout run's notice opens, for both hosts: the run the link names,
/// offering only the decision it was minted for. The link is the only credential, so every request checks
/// its signature and expiry again and reads the run id from it, never from the URL or the form. Opening it
/// decides nothing (mail scanners open links); the form's POST decides once, through the host's way of
/// deciding (the server pays at once, the Functions app records and wakes the run's orchestration).
/// </summary>
public sealed class DecisionLinkPage(IOptions<PayoutOptions> options, IPayoutRunStore runs, IPartnerStore partners, TimeProvider time)
{
    /// <summary>The page of a link opened with GET: the run (200), or why the link cannot decide it.</summary>
    public async Task<DecisionLinkView> OpenAsync(string token, CancellationToken cancellationToken) =>
        Check(token) switch
        {
            (DecisionLinkCheck.Valid link, _) => await ShowAsync(link, StatusCodes.Status200OK, null, null, cancellationToken),
            (_, var refusal) => Refuse(refusal!),
        };

    /// <summary>
    /// The page after the link's form is POSTed: an incomplete form (400) or a link that cannot decide
    /// decides nothing; otherwise <paramref name="decide"/> uses the link and the page shows what became of
    /// the run. A link whose run is decided already is answered 409.
    /// </summary>
    public async Task<DecisionLinkView> DecideAsync(
        string token,
        IFormCollection? form,
        Func<string, PayoutDecision, CancellationToken, Task<LinkDecisionOutcome>> decide,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decide);
        var (link, refusal) = Check(token);
        if (link is null)
        {
            return Refuse(refusal!);
        }

        var decision = form is null ? null : DecisionForm.Read(form, DecisionForm.LinkActor(token));
        if (decision is null)
        {
            return await ShowAsync(link, StatusCodes.Status400BadRequest, null, DecisionForm.Incomplete, cancellationToken);
        }

        var outcome = await decide(token, decision, cancellationToken);
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

    private (DecisionLinkCheck.Valid? Link, DecisionLinkRefusal? Refusal) Check(string token) =>
        DecisionLink.Verify(options.Value.LinkKey, token, time.GetUtcNow()) switch
        {
            DecisionLinkCheck.Valid link => (link, null),
            DecisionLinkCheck.Expired => (null, DecisionLinkAnswers.Expired),
            _ => (null, DecisionLinkAnswers.Invalid),
        };

    private async Task<DecisionLinkView> ShowAsync(DecisionLinkCheck.Valid link, int status, string? notice, string? problem, CancellationToken cancellationToken)
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

        return new DecisionLinkView(status, view with { Decisions = [link.Decision], OffersPayoutFile = false, Notice = notice, Problem = problem }, link.Expires, null);
    }

    private static DecisionLinkView Refuse(DecisionLinkRefusal refusal) => new(refusal.Status, null, default, refusal);
}
