using Azure.Data.Tables;
using Referrals.Storage;

namespace Referrals.Bench.Redirect.Hosting;

/// <summary>Counts what the server stored for one link, straight from its <c>Clicks</c> table.</summary>
internal sealed class StoredClicks(string connectionString, string prefix)
{
    private readonly TableClient _table = new StorageAccount(new StorageOptions { ConnectionString = connectionString, Prefix = prefix })
        .GetTableClient("Clicks");

    /// <summary>
    /// The clicks of <paramref name="linkCode"/> and the entities (storage writes) that hold them: each
    /// group-commit flush stores one entity per link, with <c>Count</c> clicks packed in it.
    /// </summary>
    public async Task<(long Clicks, long Entities)> CountAsync(string linkCode, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"LinkCode eq {linkCode}");
        long clicks = 0, entities = 0;
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["Count"], cancellationToken))
        {
            clicks += entity.GetInt32("Count") ?? 0;
            entities++;
        }

        return (clicks, entities);
    }
}
