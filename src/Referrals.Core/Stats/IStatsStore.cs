namespace Referrals.Core.Stats;

/// <summary>Per-partner, per-day counters, updated from events exactly once per event.</summary>
public interface IStatsStore
{
    /// <summary>The most links and days one <see cref="ApplyAsync(string, string, IReadOnlyList{StatsDelta}, IReadOnlyList{VisitorsSeen}, CancellationToken)"/> may carry together.</summary>
    const int MaxRowsPerEvent = 98;

    /// <summary>
    /// Adds <paramref name="deltas"/> to the partner's day counters unless <paramref name="eventId"/>
    /// was applied before (then nothing changes and the result is false).
    /// </summary>
    Task<bool> ApplyAsync(string partnerId, string eventId, IReadOnlyList<StatsDelta> deltas, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="ApplyAsync(string, string, IReadOnlyList{StatsDelta}, CancellationToken)"/>, and in
    /// the same all-or-none step merges <paramref name="visitors"/> into the partner's
    /// <see cref="VisitorSketch"/> of each link and day, adding the growth of each sketch's estimate to
    /// that day's unique clicks. Distinct days plus distinct link-days must not exceed <see cref="MaxRowsPerEvent"/>.
    /// </summary>
    Task<bool> ApplyAsync(string partnerId, string eventId, IReadOnlyList<StatsDelta> deltas, IReadOnlyList<VisitorsSeen> visitors, CancellationToken cancellationToken);

    /// <summary>The partner's counters for the days from <paramref name="from"/> to <paramref name="to"/> inclusive that have any.</summary>
    Task<IReadOnlyList<DailyStats>> GetAsync(string partnerId, DateOnly from, DateOnly to, CancellationToken cancellationToken);
}
