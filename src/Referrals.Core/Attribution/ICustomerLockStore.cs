namespace Referrals.Core.Attribution;

/// <summary>Where customer locks are kept: one per program and customer, the first one written wins.</summary>
public interface ICustomerLockStore
{
    /// <summary>Stores <paramref name="candidate"/> unless the customer is locked already; returns the lock that holds (the existing one, or the candidate).</summary>
    Task<CustomerLock> LockAsync(CustomerLock candidate, CancellationToken cancellationToken);

    /// <summary>The customer's lock, or null.</summary>
    Task<CustomerLock?> GetAsync(string programId, string customerId, CancellationToken cancellationToken);
}
