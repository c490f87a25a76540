namespace Referrals.Core.Stats;

/// <summary>Per-partner, per-day counters, updated from events exactly once per event.</summary>
public interface IStatsStore
{
    /// <summary>
    /// Adds <paramref name="deltas"/> to the partner's day counters unless <paramref name="eventId"/>
    /// was applied before (then nothing changes and the result is false).
    /// </summary>
    Task<bool> ApplyAsync(string partnerId, string eventId, IReadOnlyList<StatsDelta> deltas, CancellationToken cancellationToken);

    /// <summary>
    /// Records that <paramref name="visitorHash"/> visited <paramref name="linkCode"/> on <paramref name="day"/>.
    /// True when this is the visitor's first visit that day, or when the first visit was recorded by the
    /// same <paramref name="eventId"/> (so a replayed event counts the same).
    /// </summary>
    Task<bool> MarkVisitorAsync(string linkCode, DateOnly day, string visitorHash, string eventId, CancellationToken cancellationToken);

    /// <summary>The partner's counters for the days from <paramref name="from"/> to <paramref name="to"/> inclusive that have any.</summary>
    Task<IReadOnlyList<DailyStats>> GetAsync(string partnerId, DateOnly from, DateOnly to, CancellationToken cancellationToken);
}
