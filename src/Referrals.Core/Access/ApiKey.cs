namespace Referrals.Core.Access;

/// <summary>
/// An API key issued through the API: its id, name, role and scope, when it was issued and by whom, and
/// when it expires or was revoked. The key itself is never stored, only its SHA-256 hash.
/// </summary>
public sealed record ApiKey(string Id, string Name, string Role, DateTimeOffset CreatedAt)
{
    /// <summary>The one program a shop or partner key acts on; null for admin and finance keys.</summary>
    public string? ProgramId { get; init; }

    /// <summary>The partner a partner key belongs to; null for every other role.</summary>
    public string? PartnerId { get; init; }

    /// <summary>When the key stops working; null for a key that works until revoked.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Who issued the key (the name of the caller's principal).</summary>
    public string? IssuedBy { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public string? RevokedBy { get; init; }

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>
    /// Whether the key lets its holder in at <paramref name="now"/>. A revoked key never does, whatever
    /// the time of revocation says, so a clock behind on one instance cannot bring a revoked key back.
    /// </summary>
    public bool IsActiveAt(DateTimeOffset now) => !IsRevoked && (ExpiresAt is not { } expiresAt || now < expiresAt);

    /// <summary>The key revoked by <paramref name="by"/> at <paramref name="at"/>; a key revoked before keeps its first revocation.</summary>
    public ApiKey Revoke(string by, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(by);
        return IsRevoked ? this : this with { RevokedAt = at, RevokedBy = by };
    }
}
