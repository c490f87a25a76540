namespace Referrals.Core.Commissions;

/// <summary>Where commissions are kept: a partner's ledger.</summary>
public interface ICommissionStore
{
    /// <summary>Stores the commission unless one with its id exists; false means it was already there.</summary>
    Task<bool> TryCreateAsync(Commission commission, CancellationToken cancellationToken);

    /// <summary>A program's commissions, optionally of one partner and in one status, newest first.</summary>
    Task<IReadOnlyList<Commission>> ListAsync(string programId, string? partnerId, CommissionStatus? status, CancellationToken cancellationToken);
}
