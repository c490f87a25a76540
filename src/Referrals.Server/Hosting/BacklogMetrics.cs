using Referrals.Api.Hosting;
using Microsoft.Extensions.Options;
using Referrals.Core.Payouts;
using Referrals.Storage;

namespace Referrals.Server.Hosting;

/// <summary>
/// Polls what is expensive to read on every metrics collection (queue lengths, open payout runs) every
/// few seconds and keeps the last reading for the observable gauges in <see cref="ReferralMetrics"/>.
/// </summary>
internal sealed partial class BacklogMetrics(StorageAccount account, IPayoutRunStore runs, ReferralMetrics metrics, IOptions<MetricsPollOptions> options, TimeProvider time, ILogger<BacklogMetrics> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        do
        {
            try
            {
                var depths = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var topic in StorageAccount.TopicNames)
                {
                    depths[topic] = await DepthAsync(account.GetQueueClient(topic), stoppingToken);
                    depths[topic + "-poison"] = await DepthAsync(account.GetPoisonQueueClient(topic), stoppingToken);
                }

                var states = Enum.GetValues<PayoutRunState>().ToDictionary(state => state, _ => 0L);
                await foreach (var run in runs.ListOpenAsync(stoppingToken))
                {
                    states[run.State]++;
                }

                metrics.Backlog(depths, states);
            }
            catch (Exception exception) when (exception is not OperationCanceledException && exception is not OutOfMemoryException)
            {
                // Storage away for a moment: keep the last reading, try again next tick.
                PollFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static async Task<long> DepthAsync(Azure.Storage.Queues.QueueClient queue, CancellationToken cancellationToken)
    {
        try
        {
            return (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == StatusCodes.Status404NotFound)
        {
            return 0; // not created yet: the storage initializer runs at start, alongside this
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading queue lengths and open payout runs for the metrics failed")]
    private static partial void PollFailed(ILogger logger, Exception exception);
}

/// <summary>How often <see cref="BacklogMetrics"/> reads queue lengths and open payout runs (<c>Referrals:Metrics:PollInterval</c>).</summary>
internal sealed class MetricsPollOptions
{
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
