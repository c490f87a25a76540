using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Referrals.Storage;

/// <summary>Healthy when the table service answers a one-item listing of tables within a few seconds.</summary>
public sealed class StorageHealthCheck(StorageAccount account) : IHealthCheck
{
    /// <summary>How long the table service gets to answer before the check reports it unhealthy.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var pages = account.Tables.QueryAsync(maxPerPage: 1, cancellationToken: timeout.Token).AsPages().GetAsyncEnumerator(timeout.Token);
            await pages.MoveNextAsync();
            return HealthCheckResult.Healthy("The table service answers.");
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The table service did not answer within {Timeout.TotalSeconds:0} seconds.", exception);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            return HealthCheckResult.Unhealthy(exception.Message, exception);
        }
    }
}
