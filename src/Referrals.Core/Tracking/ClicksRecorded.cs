namespace Referrals.Core.Tracking;

/// <summary>
/// What one stored flush of clicks adds to the stats, published in a <see cref="ClicksRecordedBatch"/>
/// (and again by the outbox sweeper if its projection did not happen); the stats projection counts it
/// exactly once by <see cref="EventId"/>, the flush id.
/// </summary>
/// <param name="EventId">The flush id (<see cref="ClickId.FlushId"/>).</param>
/// <param name="Tallies">The flush's clicks by partner, link and UTC day.</param>
/// <param name="Entries">One click id (as text) of each stored entry of the flush, to mark projected afterwards.</param>
public sealed record ClicksRecorded(string EventId, IReadOnlyList<ClickTally> Tallies, IReadOnlyList<string>? Entries = null)
{
    // Property names, punctuation, the day and the two counts of one serialized tally, rounded up.
    private const int TallyOverhead = 112;

    /// <summary>Tallies the clicks of a flush by partner, link and UTC day, in that order.</summary>
    public static ClicksRecorded From(string eventId, IEnumerable<Click> clicks)
    {
        var all = clicks as IReadOnlyCollection<Click> ?? [.. clicks];
        return new(
            eventId,
            [.. all
                .GroupBy(click => (click.PartnerId, click.LinkCode, Day: DateOnly.FromDateTime(click.OccurredAt.UtcDateTime)))
                .OrderBy(group => group.Key.PartnerId, StringComparer.Ordinal)
                .ThenBy(group => group.Key.LinkCode, StringComparer.Ordinal)
                .ThenBy(group => group.Key.Day)
                .Select(group => new ClickTally(
                    group.Key.PartnerId,
                    group.Key.LinkCode,
                    group.Key.Day,
                    group.Count(click => !click.IsBot),
                    group.Count(click => click.IsBot),
                    [.. group.Where(click => !click.IsBot).Select(click => click.VisitorHash).Distinct(StringComparer.Ordinal)]))],
            [.. all.Select(click => click.Id).DistinctBy(id => id.Entry).Select(id => id.ToString())]);
    }

    /// <summary>
    /// About how many bytes this flush takes in a message's JSON (ASCII ids, so characters are bytes),
    /// never less than it does: enough to keep a batch of flushes within a queue message.
    /// </summary>
    public int EstimatedBytes() =>
        64 + EventId.Length
        + (Tallies ?? []).Sum(tally => TallyOverhead + tally.PartnerId.Length + tally.LinkCode.Length + tally.Visitors.Sum(visitor => visitor.Length + 3))
        + (Entries ?? []).Sum(entry => entry.Length + 3);
}
