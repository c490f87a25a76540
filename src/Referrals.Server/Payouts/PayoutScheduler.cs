using Referrals.Api.Payouts;
using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Options;
using Referrals.Core.Payouts;
using Referrals.Storage;

namespace Referrals.Server.Payouts;

/// <summary>
/// Starts every program's run when its period closes and steps runs whose next action is due
/// (close tiers, collect, calculate, remind, expire, pay, release). Only the instance holding the blob lease
/// <c>{prefix}-leases/payout-scheduler</c> works, so many instances give one leader; a leader that
/// stops renewing loses the lease within a minute and another takes over. Which period's run to start
/// is <see cref="PayoutWorkflow"/>'s decision (the Functions app's timer takes the same); all time comes
/// from <see cref="TimeProvider"/>.
/// </summary>
/// <summary>Registers the leased scheduler unless <c>Referrals:Payouts:RunScheduler</c> is false.</summary>
internal static class PayoutSchedulerRegistration
{
    public static IHostApplicationBuilder AddPayoutScheduler(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue($"{PayoutOptions.Section}:{nameof(PayoutOptions.RunScheduler)}", defaultValue: true))
        {
            builder.Services.AddSingleton<PayoutScheduler>();
            builder.Services.AddHostedService(provider => provider.GetRequiredService<PayoutScheduler>());
        }

        return builder;
    }
}

internal sealed partial class PayoutScheduler(
    IServiceProvider services,
    StorageAccount account,
    IOptions<StorageOptions> storage,
    IOptions<PayoutOptions> options,
    TimeProvider time,
    ILogger<PayoutScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(60);

    /// <summary>True while this instance holds the lease.</summary>
    public bool IsLeader { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var blob = await LeaseBlobAsync(stoppingToken);
        var lease = blob.GetBlobLeaseClient(Guid.NewGuid().ToString());
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    IsLeader = await HoldLeaseAsync(lease, stoppingToken);
                    if (IsLeader)
                    {
                        await TickAsync(stoppingToken);
                    }
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    LogTickFailed(logger, exception);
                }

                await Task.Delay(options.Value.SchedulerInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (IsLeader)
            {
                IsLeader = false;
                try
                {
                    await lease.ReleaseAsync(cancellationToken: CancellationToken.None);
                }
                catch (RequestFailedException)
                {
                    // The lease expires on its own.
                }
            }
        }
    }

    /// <summary>Starts the runs of closed periods and steps every open run that is due.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var runs = provider.GetRequiredService<IPayoutRunStore>();
        var steps = provider.GetRequiredService<PayoutRunSteps>();
        var now = time.GetUtcNow();
        await foreach (var _ in provider.GetRequiredService<StartClosedPeriodRuns>().ExecuteAsync(cancellationToken))
        {
            // Started (or found) here; the loop below steps every open run that is due.
        }

        await foreach (var run in runs.ListOpenAsync(cancellationToken))
        {
            if (PayoutRunMachine.Due(run, now) != PayoutStep.None)
            {
                await steps.AdvanceAsync(run.Id, cancellationToken);
            }
        }
    }

    private async Task<bool> HoldLeaseAsync(BlobLeaseClient lease, CancellationToken cancellationToken)
    {
        try
        {
            if (IsLeader)
            {
                await lease.RenewAsync(cancellationToken: cancellationToken);
            }
            else
            {
                await lease.AcquireAsync(LeaseDuration, cancellationToken: cancellationToken);
                LogLeading(logger);
            }

            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            return false;
        }
    }

    private async Task<BlobClient> LeaseBlobAsync(CancellationToken cancellationToken)
    {
        var connection = storage.Value.ConnectionString!;

        // The same bounded timeouts and retries as the tables: a hanging storage costs the scheduler a
        // tick, never minutes of one call.
        var options = new BlobClientOptions();
        storage.Value.ApplyTo(options);
        var service = connection.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? new BlobServiceClient(new Uri(account.Tables.Uri.AbsoluteUri.Replace(".table.", ".blob.", StringComparison.Ordinal)), new DefaultAzureCredential(), options)
            : new BlobServiceClient(connection, options);
        var container = service.GetBlobContainerClient((account.Prefix.Length == 0 ? string.Empty : account.Prefix + "-") + "leases");
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var blob = container.GetBlobClient("payout-scheduler");
        try
        {
            await blob.UploadAsync(BinaryData.FromString("payout scheduler lease"), overwrite: false, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            // Another instance made it first (or holds its lease).
        }

        return blob;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This instance now leads the payout scheduler")]
    private static partial void LogLeading(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "The payout scheduler's tick failed; it tries again at the next one")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
