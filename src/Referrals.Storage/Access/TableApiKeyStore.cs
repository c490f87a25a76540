using Azure.Data.Tables;
using Referrals.Core.Access;

namespace Referrals.Storage.Access;

/// <summary>API keys in the <c>ApiKeys</c> table: PartitionKey = hex SHA-256 of the key, RowKey empty, so a presented key is a point read.</summary>
public sealed class TableApiKeyStore(StorageAccount account) : IApiKeyStore
{
    private readonly TableClient _table = account.GetTableClient("ApiKeys");

    public async Task CreateAsync(string keyHash, ApiKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await _table.AddEntityAsync(
            new TableEntity(TableKeys.Require(keyHash, nameof(keyHash)), string.Empty)
                .With("Id", key.Id)
                .With("Name", key.Name)
                .With("Role", key.Role)
                .With("CreatedAt", key.CreatedAt),
            cancellationToken);
    }

    public async Task<ApiKey?> FindAsync(string keyHash, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(keyHash))
        {
            return null;
        }

        var response = await _table.GetEntityIfExistsAsync<TableEntity>(keyHash, string.Empty, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } entity)
        {
            return null;
        }

        return new ApiKey(entity.RequiredString("Id"), entity.RequiredString("Name"), entity.RequiredString("Role"), entity.RequiredTime("CreatedAt"));
    }
}
