using System.Collections.Concurrent;
using Referrals.Core.Access;

namespace Referrals.Core.Tests.Fakes;

internal sealed class InMemoryApiKeyStore : IApiKeyStore
{
    private readonly ConcurrentDictionary<string, ApiKey> _byHash = new(StringComparer.Ordinal);

    public Task CreateAsync(string keyHash, ApiKey key, CancellationToken cancellationToken)
    {
        _byHash[keyHash] = key;
        return Task.CompletedTask;
    }

    public Task<ApiKey?> FindAsync(string keyHash, CancellationToken cancellationToken) =>
        Task.FromResult(_byHash.GetValueOrDefault(keyHash));

    public Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ApiKey>>([.. _byHash.Values.OrderBy(key => key.CreatedAt)]);

    public Task<ApiKey?> RevokeAsync(string keyId, string revokedBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        foreach (var (hash, key) in _byHash)
        {
            if (key.Id == keyId)
            {
                var revoked = key.Revoke(revokedBy, at);
                _byHash[hash] = revoked;
                return Task.FromResult<ApiKey?>(revoked);
            }
        }

        return Task.FromResult<ApiKey?>(null);
    }
}
