using Referrals.Core.Events;
using Referrals.Core.Tracking;

namespace Referrals.Core.Stats;

/// <summary>
/// Counts the flushes of a <see cref="ClicksRecordedBatch"/> in the partners' day counters, each on its
/// own and once: one stats update per partner (days and the link-day visitor sketches together), under
/// the flush id, so a replayed <see cref="ClicksRecorded"/> finds it applied and changes nothing. Then
/// marks the flush's entries projected, which ends the outbox sweeper's interest in them. A visitor counts as unique once per
/// link and UTC day (estimated, see <see cref="VisitorSketch"/>).
/// </summary>
public sealed class ProjectClicks(IStatsStore stats, IClickLog clicks) : IEventHandler<ClicksRecordedBatch>
{
    /// <summary>Link-days per stats update: with at most as many distinct days, well within <see cref="IStatsStore.MaxRowsPerEvent"/>.</summary>
    private const int TalliesPerUpdate = IStatsStore.MaxRowsPerEvent / 2;

    public async Task HandleAsync(ClicksRecordedBatch @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);

        // A message without flushes (e.g. in a format before batches) counts nothing; its flushes are
        // still unprojected, so the outbox sweeper publishes them again.
        foreach (var flush in @event.Flushes ?? [])
        {
            await HandleAsync(flush, cancellationToken);
        }
    }

    /// <summary>Counts one flush, once.</summary>
    public async Task HandleAsync(ClicksRecorded @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        foreach (var partner in @event.Tallies.GroupBy(tally => tally.PartnerId, StringComparer.Ordinal))
        {
            // The same tallies always split the same way, and a partial replay (fewer tallies) only
            // reuses part ids that were applied with the whole, so each part counts once.
            var parts = partner
                .OrderBy(tally => tally.Day)
                .ThenBy(tally => tally.LinkCode, StringComparer.Ordinal)
                .Chunk(TalliesPerUpdate)
                .ToArray();
            for (var i = 0; i < parts.Length; i++)
            {
                var deltas = parts[i]
                    .GroupBy(tally => tally.Day)
                    .Select(day => new StatsDelta(day.Key, Clicks: day.Sum(t => (long)t.Clicks), BotClicks: day.Sum(t => (long)t.BotClicks)))
                    .ToArray();
                var visitors = parts[i]
                    .Where(tally => tally.Visitors.Count > 0)
                    .Select(tally => new VisitorsSeen(tally.LinkCode, tally.Day, tally.Visitors))
                    .ToArray();
                await stats.ApplyAsync(partner.Key, i == 0 ? @event.EventId : $"{@event.EventId}.{i}", deltas, visitors, cancellationToken);
            }
        }

        var entries = (@event.Entries ?? [])
            .Select(text => ClickId.TryParse(text, out var id) ? id : (ClickId?)null)
            .OfType<ClickId>()
            .ToArray();
        if (entries.Length > 0)
        {
            await clicks.MarkProjectedAsync(entries, cancellationToken);
        }
    }
}
