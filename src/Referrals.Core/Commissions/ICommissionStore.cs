namespace Referrals.Core.Commissions;

/// <summary>Where commissions are kept: a partner's ledger.</summary>
public interface ICommissionStore
{
    /// <summary>Stores the commission unless one with its id exists; false means it was already there.</summary>
    Task<bool> TryCreateAsync(Commission commission, CancellationToken cancellationToken);

    /// <summary>The commission, or null.</summary>
    Task<Commission?> GetAsync(string partnerId, string commissionId, CancellationToken cancellationToken);

    /// <summary>
    /// Applies an adjustment to a commission exactly once: unless the entry <paramref name="entryId"/>
    /// exists, reads the commission, asks <paramref name="decide"/> for the adjustment (it must return an
    /// entry with that id) and stores the commission's new totals and the entry together, retrying from
    /// a fresh read when another writer changed the commission in between. Returns the stored entry
    /// (also when it existed), or null when the commission does not exist.
    /// </summary>
    Task<Commission?> AdjustAsync(string partnerId, string commissionId, string entryId, Func<Commission, CommissionAdjustment> decide, CancellationToken cancellationToken);

    /// <summary>A program's commissions, optionally of one partner and in one status, newest first.</summary>
    Task<IReadOnlyList<Commission>> ListAsync(string programId, string? partnerId, CommissionStatus? status, CancellationToken cancellationToken);
}
