namespace Referrals.Core.Payouts;

/// <summary>What became of a decision made through a signed decision link.</summary>
public abstract record LinkDecisionOutcome
{
    private LinkDecisionOutcome()
    {
    }

    /// <summary>Not a link we signed, or changed since.</summary>
    public sealed record InvalidLink : LinkDecisionOutcome;

    /// <summary>The link's deadline has passed.</summary>
    public sealed record Expired(string RunId, DateTimeOffset Expires) : LinkDecisionOutcome;

    /// <summary>The decision is not the one the link was minted for; the link stays usable.</summary>
    public sealed record WrongDecision(string RunId, PayoutDecisionKind Allowed) : LinkDecisionOutcome;

    /// <summary>The link has decided before; each link decides once.</summary>
    public sealed record AlreadyUsed(string RunId) : LinkDecisionOutcome;

    /// <summary>
    /// The link was valid and of the right kind: what deciding the run gave. The link is spent only when
    /// <paramref name="Result"/> is <see cref="PayoutDecisionResult.Decided"/>.
    /// </summary>
    public sealed record Answered(string RunId, PayoutDecisionResult Result) : LinkDecisionOutcome;
}
