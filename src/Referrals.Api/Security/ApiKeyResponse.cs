using Referrals.Core.Access;

namespace Referrals.Api.Security;

/// <summary>An issued API key as listed: never the key itself.</summary>
public sealed record ApiKeyResponse(
    string Id,
    string Name,
    string Role,
    string? ProgramId,
    string? PartnerId,
    DateTimeOffset CreatedAt,
    string? IssuedBy,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    string? RevokedBy,
    bool Active)
{
    public static ApiKeyResponse From(ApiKey key, DateTimeOffset now) =>
        new(key.Id, key.Name, key.Role, key.ProgramId, key.PartnerId, key.CreatedAt, key.IssuedBy, key.ExpiresAt, key.RevokedAt, key.RevokedBy, key.IsActiveAt(now));
}
