using System.Collections.Concurrent;
using Referrals.Core.Commissions;

namespace Referrals.Core.Tests.Fakes;

/// <summary>Commissions by id, and every attempt to create one (to see retries).</summary>
internal sealed class InMemoryCommissionStore : ICommissionStore
{
    private readonly ConcurrentDictionary<string, Commission> _commissions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Commission> _attempts = new();

    public IReadOnlyList<Commission> Attempts => [.. _attempts];

    public IReadOnlyList<Commission> All => [.. _commissions.Values];

    public Task<bool> TryCreateAsync(Commission commission, CancellationToken cancellationToken)
    {
        _attempts.Enqueue(commission);
        return Task.FromResult(_commissions.TryAdd(commission.Id, commission));
    }

    public Task<Commission?> GetAsync(string partnerId, string commissionId, CancellationToken cancellationToken) =>
        Task.FromResult(_commissions.TryGetValue(commissionId, out var commission) && commission.PartnerId == partnerId ? commission : null);

    public Task<Commission?> AdjustAsync(string partnerId, string commissionId, string entryId, Func<Commission, CommissionAdjustment> decide, CancellationToken cancellationToken)
    {
        lock (_commissions)
        {
            if (_commissions.TryGetValue(entryId, out var existing))
            {
                return Task.FromResult<Commission?>(existing);
            }

            if (!_commissions.TryGetValue(commissionId, out var commission) || commission.PartnerId != partnerId)
            {
                return Task.FromResult<Commission?>(null);
            }

            var adjustment = decide(commission);
            _commissions[commissionId] = adjustment.Original;
            _commissions[entryId] = adjustment.Entry;
            return Task.FromResult<Commission?>(adjustment.Entry);
        }
    }

    public Task<IReadOnlyList<Commission>> ListAsync(string programId, string? partnerId, CommissionStatus? status, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Commission>>(
            [.. _commissions.Values
                .Where(c => c.ProgramId == programId && (partnerId is null || c.PartnerId == partnerId) && (status is null || c.Status == status))
                .OrderByDescending(c => c.CreatedAt)]);
}
