namespace Referrals.Api.Payouts;

/// <summary>Why a decision link cannot be used, as its page says it.</summary>
public sealed record DecisionLinkRefusal(string Title, string Detail);
