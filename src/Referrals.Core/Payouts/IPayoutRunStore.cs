namespace Referrals.Core.Payouts;

/// <summary>Where payout runs, their lines, their audit trail and the partners' carried balances are kept.</summary>
public interface IPayoutRunStore
{
    /// <summary>Stores the run unless one with its id exists; false means it was already there.</summary>
    Task<bool> TryCreateAsync(PayoutRun run, CancellationToken cancellationToken);

    /// <summary>The run and its version (for <see cref="TryUpdateAsync"/>), or null.</summary>
    Task<(PayoutRun Run, string Version)?> GetAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Replaces the run if it is still at <paramref name="version"/>; false when another writer changed it first.</summary>
    Task<bool> TryUpdateAsync(PayoutRun run, string version, CancellationToken cancellationToken);

    /// <summary>A program's runs.</summary>
    Task<IReadOnlyList<PayoutRun>> ListAsync(string programId, CancellationToken cancellationToken);

    /// <summary>Every run, of any program, that is not finished.</summary>
    IAsyncEnumerable<PayoutRun> ListOpenAsync(CancellationToken cancellationToken);

    /// <summary>Writes the transitions of the run's timeline to the audit trail (again is harmless).</summary>
    Task AuditAsync(PayoutRun run, CancellationToken cancellationToken);

    /// <summary>Stores (or replaces) lines of one run.</summary>
    Task SaveLinesAsync(string runId, IEnumerable<PayoutLine> lines, CancellationToken cancellationToken);

    /// <summary>The lines of a run, ordered by partner id, a page at a time.</summary>
    IAsyncEnumerable<PayoutLine> StreamLinesAsync(string runId, CancellationToken cancellationToken);

    /// <summary>One partner's line in a run, or null.</summary>
    Task<PayoutLine?> GetLineAsync(string runId, string partnerId, CancellationToken cancellationToken);

    /// <summary>Sets partners' carried balances after a run (amount, or 0 for a paid line).</summary>
    Task SaveBalancesAsync(string programId, string runId, IEnumerable<(string PartnerId, long Amount)> balances, string currency, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the program for <paramref name="runId"/>: at most one run of a program counts and pays
    /// commissions at a time. True when the claim is (now) this run's. <paramref name="replacing"/>
    /// takes the claim over from that finished run.
    /// </summary>
    Task<bool> TryClaimAsync(string programId, string runId, string? replacing, CancellationToken cancellationToken);

    /// <summary>The run holding the program's claim, or null.</summary>
    Task<string?> GetClaimAsync(string programId, CancellationToken cancellationToken);

    /// <summary>Remembers that a decision link (by its fingerprint) was used; false when it was used before.</summary>
    Task<bool> TryUseDecisionLinkAsync(string runId, string fingerprint, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Gives the claim up if <paramref name="runId"/> holds it.</summary>
    Task ReleaseClaimAsync(string programId, string runId, CancellationToken cancellationToken);
}
