using Referrals.Core.Commissions;
using Referrals.Core.Payouts;

namespace Referrals.Core.Tests.Fakes;

/// <summary>A commission ledger in memory, counting every status move (to see that a retry moves nothing twice).</summary>
internal sealed class InMemoryPayoutLedger : IPayoutLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PayoutCommission> _commissions = new(StringComparer.Ordinal);

    public int Moves { get; private set; }

    public IReadOnlyList<PayoutCommission> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _commissions.Values];
            }
        }
    }

    public void Add(PayoutCommission commission)
    {
        lock (_gate)
        {
            _commissions[commission.Id] = commission;
        }
    }

    public async IAsyncEnumerable<PayoutCommission> StreamAsync(string programId, CommissionStatus status, DateTimeOffset createdBefore, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        PayoutCommission[] matching;
        lock (_gate)
        {
            matching = [.. _commissions.Values.Where(c => c.ProgramId == programId && c.Status == status && c.CreatedAt < createdBefore)];
        }

        foreach (var commission in matching)
        {
            await Task.Yield();
            yield return commission;
        }
    }

    public Task<int> MoveAsync(string partnerId, CommissionStatus from, CommissionStatus to, Func<PayoutCommission, bool> select, string runId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var chosen = _commissions.Values.Where(c => c.PartnerId == partnerId && c.Status == from && select(c)).ToArray();
            foreach (var commission in chosen)
            {
                _commissions[commission.Id] = commission with { Status = to, ApprovedAt = to == CommissionStatus.Approved ? at : commission.ApprovedAt };
                Moves++;
            }

            return Task.FromResult(chosen.Length);
        }
    }
}
