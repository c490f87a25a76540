namespace Referrals.Core.Payouts;

/// <summary>
/// Decides a run through a signed, single-use decision link. The link is the only credential: its
/// signature and expiry are checked on every use and the run id comes from it alone. The decision is
/// checked before the link is spent, so an incomplete decision or one the run can no longer take leaves
/// the link usable; the link's fingerprint is stored before the decision is, so a link decides at most once.
/// </summary>
public sealed class DecideByLink(ReadOnlyMemory<byte> linkKey, IPayoutRunStore runs, DecidePayoutRun decide, TimeProvider time)
{
    /// <summary>Decides and pays or releases the run at once (the server's way).</summary>
    public Task<LinkDecisionOutcome> DecideAsync(string token, PayoutDecision decision, CancellationToken cancellationToken) =>
        UseAsync(token, decision, decide.ExecuteAsync, cancellationToken);

    /// <summary>Records the decision and leaves paying or releasing to whoever drives the run (a Durable orchestration).</summary>
    public Task<LinkDecisionOutcome> RecordAsync(string token, PayoutDecision decision, CancellationToken cancellationToken) =>
        UseAsync(token, decision, decide.RecordAsync, cancellationToken);

    private async Task<LinkDecisionOutcome> UseAsync(
        string token,
        PayoutDecision decision,
        Func<string, PayoutDecision, CancellationToken, Task<PayoutDecisionResult>> carryOut,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        switch (DecisionLink.Verify(linkKey.Span, token, time.GetUtcNow()))
        {
            case DecisionLinkCheck.Expired expired:
                return new LinkDecisionOutcome.Expired(expired.RunId, expired.Expires);
            case DecisionLinkCheck.Valid link when decision.Kind != link.Decision:
                return new LinkDecisionOutcome.WrongDecision(link.RunId, link.Decision);
            case DecisionLinkCheck.Valid link:
                var check = await decide.CheckAsync(link.RunId, decision, cancellationToken);
                if (check is not PayoutDecisionResult.Decided)
                {
                    return new LinkDecisionOutcome.Answered(link.RunId, check);
                }

                if (!await runs.TryUseDecisionLinkAsync(link.RunId, DecisionLink.Fingerprint(token), time.GetUtcNow(), cancellationToken))
                {
                    return new LinkDecisionOutcome.AlreadyUsed(link.RunId);
                }

                return new LinkDecisionOutcome.Answered(link.RunId, await carryOut(link.RunId, decision, cancellationToken));
            default:
                return new LinkDecisionOutcome.InvalidLink();
        }
    }
}
