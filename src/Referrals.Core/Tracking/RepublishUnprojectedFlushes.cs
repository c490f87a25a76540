using Referrals.Core.Events;

namespace Referrals.Core.Tracking;

/// <summary>
/// The outbox sweeper: publishes <c>clicks-recorded</c> again for every stored flush whose projection
/// did not happen (the process died between writing the flush and publishing, the publish failed, or
/// the projection failed before marking it). The projection counts a flush once by its id, so
/// publishing a flush twice is harmless (alone or in another batch); a flush is swept until the
/// projection marks it projected.
/// </summary>
public sealed class RepublishUnprojectedFlushes(IClickLog clicks, IEventPublisher events, TimeProvider time)
{
    /// <summary>
    /// One sweep over the flushes of the last <paramref name="lookback"/> whose newest click is older
    /// than <paramref name="olderThan"/>; returns how many flushes it published again.
    /// </summary>
    public async Task<int> RunOnceAsync(TimeSpan olderThan, TimeSpan lookback, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var flushes = new Dictionary<string, List<Click>>(StringComparer.Ordinal);
        await foreach (var entry in clicks.FindUnprojectedAsync(now - lookback, now - olderThan, cancellationToken))
        {
            if (entry.Count == 0)
            {
                continue;
            }

            var flushId = entry[0].Id.FlushId;
            if (!flushes.TryGetValue(flushId, out var flush))
            {
                flushes[flushId] = flush = [];
            }

            flush.AddRange(entry);
        }

        foreach (var batch in ClicksRecordedBatch.Split([.. flushes.Select(flush => ClicksRecorded.From(flush.Key, flush.Value))]))
        {
            await events.PublishAsync(Topics.ClicksRecorded, batch, cancellationToken);
        }

        return flushes.Count;
    }
}
