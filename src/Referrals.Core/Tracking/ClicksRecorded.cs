using Referrals.Core.Events;

namespace Referrals.Core.Tracking;

/// <summary>
/// Published once per stored flush of clicks (and again by the outbox sweeper if its projection did
/// not happen); the stats projection counts it exactly once by <see cref="EventId"/>, the flush id.
/// </summary>
/// <param name="EventId">The flush id (<see cref="ClickId.FlushId"/>).</param>
/// <param name="Tallies">The flush's clicks by partner, link and UTC day.</param>
/// <param name="Entries">One click id (as text) of each stored entry of the flush, to mark projected afterwards.</param>
public sealed record ClicksRecorded(string EventId, IReadOnlyList<ClickTally> Tallies, IReadOnlyList<string>? Entries = null) : IEvent
{
    // A flush holds clicks of any number of programs.
    string? IEvent.ProgramId => null;

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
            [.. all.Select(click => click.Id).DistinctBy(id => id.Partition, StringComparer.Ordinal).Select(id => id.ToString())]);
    }
}
