namespace Referrals.Core.Payouts;

/// <summary>A paid line left out of an export because its partner has no payout details for that export's method, and why.</summary>
public sealed record MissingPayoutDetails(string PartnerId, string Name, long Amount, string Reason);
