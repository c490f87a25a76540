using Azure;
using Azure.Data.Tables;
using Referrals.Core.Access;

namespace Referrals.Storage.Access;

/// <summary>
/// API keys in the <c>ApiKeys</c> table, two rows per key. The key row (PartitionKey = hex SHA-256 of the
/// key, RowKey empty) is what every request reads: one point read that sees expiry and revocation. The
/// index row (PartitionKey <c>ids</c>, RowKey = key id) holds the hash and a copy of the details, so keys
/// can be listed and revoked by id without ever storing the key.
/// </summary>
public sealed class TableApiKeyStore(StorageAccount account) : IApiKeyStore
{
    private const string IndexPartition = "ids";

    private readonly TableClient _table = account.GetTableClient("ApiKeys");

    public async Task CreateAsync(string keyHash, ApiKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        TableKeys.Require(keyHash, nameof(keyHash));

        // The key row first: if the index row then fails, the caller gets an error and never sees the key.
        await _table.AddEntityAsync(ToEntity(keyHash, string.Empty, key), cancellationToken);
        await _table.AddEntityAsync(ToEntity(IndexPartition, TableKeys.Require(key.Id, nameof(key)), key).With("Hash", keyHash), cancellationToken);
    }

    public async Task<ApiKey?> FindAsync(string keyHash, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(keyHash) || keyHash == IndexPartition)
        {
            return null;
        }

        var response = await _table.GetEntityIfExistsAsync<TableEntity>(keyHash, string.Empty, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } entity ? FromEntity(entity) : null;
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken)
    {
        var keys = new List<ApiKey>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(row => row.PartitionKey == IndexPartition, cancellationToken: cancellationToken))
        {
            keys.Add(FromEntity(entity));
        }

        return [.. keys.OrderBy(key => key.CreatedAt).ThenBy(key => key.Id, StringComparer.Ordinal)];
    }

    public async Task<ApiKey?> RevokeAsync(string keyId, string revokedBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(keyId))
        {
            return null;
        }

        var index = await _table.GetEntityIfExistsAsync<TableEntity>(IndexPartition, keyId, cancellationToken: cancellationToken);
        if (!index.HasValue || index.Value is not { } indexEntity || indexEntity.GetString("Hash") is not { } hash)
        {
            return null;
        }

        // The key row decides whether requests get in, so it is revoked first; the index row follows.
        var row = await _table.GetEntityAsync<TableEntity>(hash, string.Empty, cancellationToken: cancellationToken);
        var revoked = FromEntity(row.Value).Revoke(revokedBy, at);
        await _table.UpdateEntityAsync(ToEntity(hash, string.Empty, revoked), row.Value.ETag, TableUpdateMode.Replace, cancellationToken);
        await _table.UpdateEntityAsync(ToEntity(IndexPartition, keyId, revoked).With("Hash", hash), ETag.All, TableUpdateMode.Replace, cancellationToken);
        return revoked;
    }

    private static TableEntity ToEntity(string partitionKey, string rowKey, ApiKey key) =>
        new TableEntity(partitionKey, rowKey)
            .With("Id", key.Id)
            .With("Name", key.Name)
            .With("Role", key.Role)
            .With("CreatedAt", key.CreatedAt)
            .With("ProgramId", key.ProgramId)
            .With("PartnerId", key.PartnerId)
            .With("ExpiresAt", key.ExpiresAt)
            .With("IssuedBy", key.IssuedBy)
            .With("RevokedAt", key.RevokedAt)
            .With("RevokedBy", key.RevokedBy);

    private static ApiKey FromEntity(TableEntity entity) =>
        new(entity.RequiredString("Id"), entity.RequiredString("Name"), entity.RequiredString("Role"), entity.RequiredTime("CreatedAt"))
        {
            ProgramId = entity.GetString("ProgramId"),
            PartnerId = entity.GetString("PartnerId"),
            ExpiresAt = entity.GetDateTimeOffset("ExpiresAt"),
            IssuedBy = entity.GetString("IssuedBy"),
            RevokedAt = entity.GetDateTimeOffset("RevokedAt"),
            RevokedBy = entity.GetString("RevokedBy"),
        };
}
