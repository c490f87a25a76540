using Azure.Data.Tables;

namespace Referrals.Storage.Tests;

/// <summary>Row counts of one prefix's tables, so a test can show that a refused request stored nothing.</summary>
public static class TableRows
{
    /// <summary>The number of rows in each table whose name starts with <paramref name="prefix"/>.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> CountAsync(string connectionString, string prefix)
    {
        var service = new TableServiceClient(connectionString);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        await foreach (var table in service.QueryAsync(table => table.Name.CompareTo(prefix) >= 0 && table.Name.CompareTo(prefix + "~") < 0))
        {
            var rows = 0;
            await foreach (var _ in service.GetTableClient(table.Name).QueryAsync<TableEntity>(select: ["PartitionKey"]))
            {
                rows++;
            }

            counts[table.Name] = rows;
        }

        return counts;
    }
}
