namespace Referrals.Core.Access;

/// <summary>Where issued API keys are kept: found by the hash of the key on every request, and by id to list and revoke.</summary>
public interface IApiKeyStore
{
    Task CreateAsync(string keyHash, ApiKey key, CancellationToken cancellationToken);

    /// <summary>The key with this hash, revoked or expired ones included; the caller decides whether it is active.</summary>
    Task<ApiKey?> FindAsync(string keyHash, CancellationToken cancellationToken);

    /// <summary>Every issued key, oldest first.</summary>
    Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Stores the key revoked (<see cref="ApiKey.Revoke"/>) and returns it; null when no key has this id.</summary>
    Task<ApiKey?> RevokeAsync(string keyId, string revokedBy, DateTimeOffset at, CancellationToken cancellationToken);
}
