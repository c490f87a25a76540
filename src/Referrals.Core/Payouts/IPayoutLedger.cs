using Referrals.Core.Commissions;

namespace Referrals.Core.Payouts;

/// <summary>The commissions as payout runs see and change them (the port over the commission ledger).</summary>
public interface IPayoutLedger
{
    /// <summary>
    /// Streams a program's commission entries in <paramref name="status"/> earned before
    /// <paramref name="createdBefore"/>, a page at a time (never all in memory).
    /// </summary>
    IAsyncEnumerable<PayoutCommission> StreamAsync(string programId, CommissionStatus status, DateTimeOffset createdBefore, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a partner's entries in <paramref name="from"/> that <paramref name="select"/> picks to
    /// <paramref name="to"/>, recording <paramref name="runId"/> and <paramref name="at"/>; each write is
    /// conditional on the entry being unchanged since it was read, and a lost race reads again. Returns
    /// how many entries moved; running it again moves nothing more.
    /// </summary>
    Task<int> MoveAsync(string partnerId, CommissionStatus from, CommissionStatus to, Func<PayoutCommission, bool> select, string runId, DateTimeOffset at, CancellationToken cancellationToken);
}
