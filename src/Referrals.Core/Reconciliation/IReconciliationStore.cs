namespace Referrals.Core.Reconciliation;

/// <summary>
/// Where reconciliations and their result lines are kept. Lines are written and read in batches and
/// streams, never all at once: an export may have hundreds of thousands of rows. The reconciliation
/// itself is saved last (<see cref="SaveAsync"/>), so one that failed half-way is never listed.
/// </summary>
public interface IReconciliationStore
{
    /// <summary>Stores (or replaces) result lines; a found payment's line is keyed by its conversion id, a missing one's by its export line.</summary>
    Task AddItemsAsync(string reconciliationId, IReadOnlyList<ReconciliationItem> items, CancellationToken cancellationToken);

    /// <summary>The matched and differing lines in conversion id order.</summary>
    IAsyncEnumerable<ReconciliationItem> StreamFoundAsync(string reconciliationId, CancellationToken cancellationToken);

    /// <summary>Keeps recorded refunds while their payments' totals are summed.</summary>
    Task AddRefundsAsync(string reconciliationId, IReadOnlyList<RecordedRefund> refunds, CancellationToken cancellationToken);

    /// <summary>The kept refunds in the order of their payments' conversion ids.</summary>
    IAsyncEnumerable<RecordedRefund> StreamRefundsAsync(string reconciliationId, CancellationToken cancellationToken);

    Task SaveAsync(Reconciliation reconciliation, CancellationToken cancellationToken);

    Task<Reconciliation?> GetAsync(string programId, string reconciliationId, CancellationToken cancellationToken);

    /// <summary>The program's reconciliations in id order (oldest first), after <paramref name="after"/>.</summary>
    Task<ListPage<Reconciliation>> ListAsync(string programId, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>A page of result lines of one <paramref name="category"/> (or all), in the order <see cref="StreamItemsAsync"/> gives.</summary>
    Task<ListPage<ReconciliationItem>> ListItemsAsync(string reconciliationId, ReconciliationCategory? category, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>Every result line of one <paramref name="category"/> (or all: missing, then found, then extra).</summary>
    IAsyncEnumerable<ReconciliationItem> StreamItemsAsync(string reconciliationId, ReconciliationCategory? category, CancellationToken cancellationToken);
}
