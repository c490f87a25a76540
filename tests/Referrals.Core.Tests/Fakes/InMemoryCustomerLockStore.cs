using System.Collections.Concurrent;
using Referrals.Core.Attribution;

namespace Referrals.Core.Tests.Fakes;

/// <summary>Customer locks by program and customer; the first one stays.</summary>
internal sealed class InMemoryCustomerLockStore : ICustomerLockStore
{
    private readonly ConcurrentDictionary<(string, string), CustomerLock> _locks = new();

    public IReadOnlyList<CustomerLock> All => [.. _locks.Values];

    public Task<CustomerLock> LockAsync(CustomerLock candidate, CancellationToken cancellationToken) =>
        Task.FromResult(_locks.GetOrAdd((candidate.ProgramId, candidate.CustomerId), candidate));

    public Task<CustomerLock?> GetAsync(string programId, string customerId, CancellationToken cancellationToken) =>
        Task.FromResult(_locks.TryGetValue((programId, customerId), out var found) ? found : null);
}
