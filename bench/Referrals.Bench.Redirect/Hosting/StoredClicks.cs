using Azure.Data.Tables;
using Referrals.Storage;

namespace Referrals.Bench.Redirect.Hosting;

/// <summary>Counts the clicks the server stored for one link, straight from its <c>Clicks</c> table.</summary>
internal sealed class StoredClicks(string connectionString, string prefix)
{
    private readonly TableClient _table = new StorageAccount(new StorageOptions { ConnectionString = connectionString, Prefix = prefix })
        .GetTableClient("Clicks");

    /// <summary>Every click of <paramref name="linkCode"/>: its partitions are <c>{code}-{yyyyMMddHH}</c>.</summary>
    public async Task<long> CountAsync(string linkCode, CancellationToken cancellationToken)
    {
        // '.' sorts right after '-', so this range is exactly the partitions starting with "{code}-".
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {linkCode + "-"} and PartitionKey lt {linkCode + "."}");
        long count = 0;
        await foreach (var _ in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["PartitionKey"], cancellationToken))
        {
            count++;
        }

        return count;
    }
}
