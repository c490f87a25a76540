namespace Referrals.Api.Payouts;

/// <summary>
/// What a decision link's page shows, and with which status: the run (offering only the link's one
/// decision) until when the link is valid, or the refusal of a link that can no longer decide.
/// </summary>
public sealed record DecisionLinkView(int Status, RunView? Run, DateTimeOffset Expires, DecisionLinkRefusal? Refusal);
