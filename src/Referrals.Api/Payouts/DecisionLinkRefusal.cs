namespace Referrals.Api.Payouts;

/// <summary>Why a decision link cannot be used, with the status it is answered with and how it is said.</summary>
public sealed record DecisionLinkRefusal(int Status, string Title, string Detail);
