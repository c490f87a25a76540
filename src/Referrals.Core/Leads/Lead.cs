namespace Referrals.Core.Leads;

/// <summary>
/// A customer a partner registered before the sale, by the shop's customer id, by e-mail, or both. The
/// e-mail is kept only as its keyed hash (<see cref="CustomerEmail"/>), never as written.
/// </summary>
public sealed record Lead(string ProgramId, string PartnerId, string? CustomerId, string? EmailHash, DateTimeOffset RegisteredAt);
