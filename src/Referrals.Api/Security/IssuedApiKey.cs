namespace Referrals.Api.Security;

/// <summary>A new API key; <see cref="Key"/> is shown only in this answer.</summary>
public sealed record IssuedApiKey(string Id, string Key, string Role, string Name, string? ProgramId, string? PartnerId, DateTimeOffset? ExpiresAt);
