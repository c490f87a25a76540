namespace Referrals.Core.Tracking;

/// <summary>Published once per stored flush of clicks; the stats projection counts it exactly once by <see cref="EventId"/>.</summary>
public sealed record ClicksRecorded(string EventId, IReadOnlyList<ClickTally> Tallies)
{
    /// <summary>Tallies the clicks of a flush by partner, link and UTC day.</summary>
    public static ClicksRecorded From(string eventId, IEnumerable<Click> clicks) => new(
        eventId,
        clicks
            .GroupBy(click => (click.PartnerId, click.LinkCode, Day: DateOnly.FromDateTime(click.OccurredAt.UtcDateTime)))
            .Select(group => new ClickTally(
                group.Key.PartnerId,
                group.Key.LinkCode,
                group.Key.Day,
                group.Count(click => !click.IsBot),
                group.Count(click => click.IsBot),
                group.Where(click => !click.IsBot).Select(click => click.VisitorHash).Distinct(StringComparer.Ordinal).ToArray()))
            .ToArray());
}
