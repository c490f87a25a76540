using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Referrals.Bench.Redirect.Hosting;

/// <summary>
/// A storage account of the caller's instead of the local emulator: its connection string comes from an
/// environment variable (not the command line, where other users of the machine could read it), and the
/// run's tables and queues, all named after the run's prefix, are deleted afterwards.
/// </summary>
internal static class ExternalStorage
{
    public const string Variable = "REFERRALS_BENCH_STORAGE";

    public static async Task DeleteRunAsync(string connectionString, string prefix, CancellationToken cancellationToken)
    {
        var tables = new TableServiceClient(connectionString);
        await foreach (var table in tables.QueryAsync(cancellationToken: cancellationToken))
        {
            if (table.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                await tables.DeleteTableAsync(table.Name, cancellationToken);
            }
        }

        var queues = new QueueServiceClient(connectionString);
        await foreach (var queue in queues.GetQueuesAsync(prefix: prefix, cancellationToken: cancellationToken))
        {
            await queues.DeleteQueueAsync(queue.Name, cancellationToken);
        }
    }
}
