namespace Referrals.Core.Access;

/// <summary>An API key issued through the API: its id, name and role. The key itself is never stored, only its SHA-256 hash.</summary>
public sealed record ApiKey(string Id, string Name, string Role, DateTimeOffset CreatedAt);
