using Microsoft.Extensions.Options;
using Referrals.Core.Tracking;

namespace Referrals.Server.Hosting;

/// <summary>
/// Runs the outbox sweeper of stored click flushes: every <see cref="ClickRecorderOptions.SweepInterval"/>
/// it publishes <c>clicks-recorded</c> again for the flushes not projected within
/// <see cref="ClickRecorderOptions.RepublishAfter"/> (the writer died before publishing, or the
/// projection failed). Runs beside the workers; several instances sweeping at once is harmless.
/// </summary>
internal sealed partial class ClickOutboxService(
    RepublishUnprojectedFlushes sweeper, IOptions<ClickRecorderOptions> options, TimeProvider time, ILogger<ClickOutboxService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var published = await sweeper.RunOnceAsync(settings.RepublishAfter, settings.SweepLookback, stoppingToken);
                if (published > 0)
                {
                    LogRepublished(logger, published);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException && exception is not OutOfMemoryException)
            {
                LogSweepFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Published clicks-recorded again for {Count} click flushes that were stored but not projected")]
    private static partial void LogRepublished(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The click outbox sweep failed; it runs again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
