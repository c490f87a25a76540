namespace Referrals.Core.Access;

/// <summary>Where issued API keys are kept, found by the hash of the key.</summary>
public interface IApiKeyStore
{
    Task CreateAsync(string keyHash, ApiKey key, CancellationToken cancellationToken);

    Task<ApiKey?> FindAsync(string keyHash, CancellationToken cancellationToken);
}
