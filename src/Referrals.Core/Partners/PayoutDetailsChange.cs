namespace Referrals.Core.Partners;

/// <summary>The audit entry of a change of payout details: who, when, and the new details masked (never in full).</summary>
public sealed record PayoutDetailsChange(string PartnerId, DateTimeOffset At, string By, PayoutMethod Method, string Masked);
