namespace Referrals.Core.Tracking;

/// <summary>
/// The append-only store of clicks: one entry per group-commit flush and link, holding that flush's
/// clicks of the link, written all or none. How an entry is laid out and how much it holds is the
/// log's decision (<see cref="EntryCapacity"/>, <see cref="MaxSizeOf"/>). Entries double as the outbox
/// of <c>clicks-recorded</c>: each is written unprojected, and marked projected once the stats have
/// counted it.
/// </summary>
public interface IClickLog
{
    /// <summary>
    /// How much one entry holds, in the unit of <see cref="MaxSizeOf"/>. The recorder starts a new flush
    /// before an entry's clicks could need more, so every entry it appends fits.
    /// </summary>
    int EntryCapacity { get; }

    /// <summary>An upper bound of what <paramref name="click"/> takes of an entry's <see cref="EntryCapacity"/>, whatever else the entry holds.</summary>
    int MaxSizeOf(ClickDraft click);

    /// <summary>
    /// Stores the clicks of one entry (one <see cref="ClickId.Entry"/>: same link, hour, shard and flush,
    /// indexes 0, 1, 2, … in order), all or none: when this returns, every click is stored; when it
    /// throws, none is. The entry starts unprojected.
    /// </summary>
    Task AppendAsync(IReadOnlyList<Click> clicks, CancellationToken cancellationToken);

    /// <summary>
    /// Whether <paramref name="exception"/>, thrown by <see cref="AppendAsync"/>, means storage did not
    /// answer or was unavailable for a while (the entry is written again later) rather than that it
    /// refused the entry (its clicks are given up). Appending an entry again after a failure whose
    /// outcome is unknown must store it once.
    /// </summary>
    bool IsTransient(Exception exception) => exception is TimeoutException or OperationCanceledException or IOException or HttpRequestException;

    /// <summary>One click by its id (a point read of its entry), or null.</summary>
    Task<Click?> GetAsync(ClickId id, CancellationToken cancellationToken);

    /// <summary>
    /// The entries of flushes opened from <paramref name="from"/> on whose newest click is older than
    /// <paramref name="before"/> and that are not marked projected; each as its clicks.
    /// </summary>
    IAsyncEnumerable<IReadOnlyList<Click>> FindUnprojectedAsync(DateTimeOffset from, DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>Marks the entries holding <paramref name="entries"/> (any click id of each) as projected. Missing entries are skipped.</summary>
    Task MarkProjectedAsync(IReadOnlyList<ClickId> entries, CancellationToken cancellationToken);
}
