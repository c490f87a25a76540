namespace Referrals.Core.Tracking;

/// <summary>The append-only store of clicks.</summary>
public interface IClickLog
{
    /// <summary>The most clicks one <see cref="AppendAsync"/> call may carry.</summary>
    const int MaxBatchSize = 100;

    /// <summary>
    /// Stores up to <see cref="MaxBatchSize"/> clicks that share one <see cref="ClickId.Partition"/>,
    /// all or none: when this returns, every click is stored; when it throws, none is.
    /// </summary>
    Task AppendAsync(IReadOnlyList<Click> clicks, CancellationToken cancellationToken);

    Task<Click?> GetAsync(ClickId id, CancellationToken cancellationToken);
}
