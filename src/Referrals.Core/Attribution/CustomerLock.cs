namespace Referrals.Core.Attribution;

/// <summary>
/// The partner who first brought a customer to a program, and when: the customer's later renewals stay
/// with that partner (for the lock's window) even when they arrive with no click id or referral code.
/// The first attributed sale writes it; a later one never replaces it.
/// </summary>
public sealed record CustomerLock(string ProgramId, string CustomerId, string PartnerId, DateTimeOffset LockedAt, string ConversionId);
