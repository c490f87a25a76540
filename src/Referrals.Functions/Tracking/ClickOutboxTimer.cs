using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Referrals.Core.Tracking;

namespace Referrals.Functions.Tracking;

/// <summary>
/// The click outbox sweeper, as a timer: every 30 seconds it publishes <c>clicks-recorded</c> again for
/// the stored click flushes not projected within <see cref="ClickRecorderOptions.RepublishAfter"/> (the
/// instance died between storing a flush and publishing its event, or the projection failed), so every
/// acknowledged click is counted exactly once. The projection is idempotent per flush; sweeps that
/// overlap across instances are harmless.
/// </summary>
public sealed partial class ClickOutboxTimer(RepublishUnprojectedFlushes sweeper, IOptions<ClickRecorderOptions> options, ILogger<ClickOutboxTimer> logger)
{
    [Function("SweepClickOutbox")]
    public async Task RunAsync([TimerTrigger("*/30 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var published = await sweeper.RunOnceAsync(settings.RepublishAfter, settings.SweepLookback, cancellationToken);
        if (published > 0)
        {
            LogRepublished(logger, published);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Published clicks-recorded again for {Count} click flushes that were stored but not projected")]
    private static partial void LogRepublished(ILogger logger, int count);
}
