namespace Referrals.Core.Tracking;

/// <summary>
/// The append-only store of clicks, packed: one entry per group-commit flush and partition, holding
/// that flush's clicks of one link. Entries double as the outbox of <c>clicks-recorded</c>: each is
/// written unprojected, and marked projected once the stats have counted it.
/// </summary>
public interface IClickLog
{
    /// <summary>
    /// Stores the clicks of one flush that share a partition (<see cref="ClickId.Partition"/> and
    /// <see cref="ClickId.Flush"/>, indexes 0, 1, 2, … in order) as one entry, all or none: when this
    /// returns, every click is stored; when it throws, none is. The entry starts unprojected.
    /// </summary>
    Task AppendAsync(IReadOnlyList<Click> clicks, CancellationToken cancellationToken);

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
