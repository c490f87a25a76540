namespace Referrals.Core.Payouts;

/// <summary>What a decision link's token says, once checked.</summary>
public abstract record DecisionLinkCheck
{
    private DecisionLinkCheck()
    {
    }

    public sealed record Valid(string RunId, PayoutDecisionKind Decision, DateTimeOffset Expires) : DecisionLinkCheck;

    public sealed record Expired(string RunId, DateTimeOffset Expires) : DecisionLinkCheck;

    /// <summary>Not a token we signed, or changed since.</summary>
    public sealed record Tampered : DecisionLinkCheck;
}
