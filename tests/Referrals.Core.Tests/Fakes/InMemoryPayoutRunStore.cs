using Referrals.Core.Payouts;

namespace Referrals.Core.Tests.Fakes;

/// <summary>Runs with a version per write (like ETags), lines, balances, claims and used links, all in memory.</summary>
internal sealed class InMemoryPayoutRunStore : IPayoutRunStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (PayoutRun Run, int Version)> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), PayoutLine> _lines = [];
    private readonly Dictionary<string, string> _claims = new(StringComparer.Ordinal);
    private readonly HashSet<(string, string)> _usedLinks = [];

    public Dictionary<(string ProgramId, string PartnerId), long> Balances { get; } = [];

    public List<PayoutTransition> Audit { get; } = [];

    /// <summary>Fails the next update of a run it picks, once, as a crash between a step's work and its save would.</summary>
    public Func<PayoutRun, bool>? CrashBeforeStoring { get; set; }

    public Task<bool> TryCreateAsync(PayoutRun run, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_runs.TryAdd(run.Id, (run, 1)));
        }
    }

    public Task<(PayoutRun Run, string Version)?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<(PayoutRun, string)?>(_runs.TryGetValue(runId, out var stored) ? (stored.Run, stored.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null);
        }
    }

    public Task<bool> TryUpdateAsync(PayoutRun run, string version, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (CrashBeforeStoring?.Invoke(run) == true)
            {
                CrashBeforeStoring = null;
                throw new IOException("Simulated crash before the run was stored.");
            }

            if (!_runs.TryGetValue(run.Id, out var stored) || stored.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) != version)
            {
                return Task.FromResult(false);
            }

            _runs[run.Id] = (run, stored.Version + 1);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<PayoutRun>> ListAsync(string programId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<PayoutRun>>([.. _runs.Values.Select(stored => stored.Run).Where(run => run.ProgramId == programId)]);
        }
    }

    public async IAsyncEnumerable<PayoutRun> ListOpenAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        PayoutRun[] open;
        lock (_gate)
        {
            open = [.. _runs.Values.Select(stored => stored.Run).Where(run => !run.IsFinished)];
        }

        foreach (var run in open)
        {
            await Task.Yield();
            yield return run;
        }
    }

    public Task AuditAsync(PayoutRun run, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Audit.RemoveAll(transition => run.Timeline.Contains(transition));
            Audit.AddRange(run.Timeline);
        }

        return Task.CompletedTask;
    }

    public Task SaveLinesAsync(string runId, IEnumerable<PayoutLine> lines, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var line in lines)
            {
                _lines[(runId, line.PartnerId)] = line;
            }
        }

        return Task.CompletedTask;
    }

    public IReadOnlyList<PayoutLine> Lines(string runId)
    {
        lock (_gate)
        {
            return [.. _lines.Where(pair => pair.Key.Item1 == runId).Select(pair => pair.Value).OrderBy(line => line.PartnerId, StringComparer.Ordinal)];
        }
    }

    public async IAsyncEnumerable<PayoutLine> StreamLinesAsync(string runId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var line in Lines(runId))
        {
            await Task.Yield();
            yield return line;
        }
    }

    public Task<PayoutLine?> GetLineAsync(string runId, string partnerId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_lines.GetValueOrDefault((runId, partnerId)));
        }
    }

    public Task SaveBalancesAsync(string programId, string runId, IEnumerable<(string PartnerId, long Amount)> balances, string currency, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var (partnerId, amount) in balances)
            {
                Balances[(programId, partnerId)] = amount;
            }
        }

        return Task.CompletedTask;
    }

    public Task<bool> TryClaimAsync(string programId, string runId, string? replacing, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var holder = _claims.GetValueOrDefault(programId);
            if (holder == replacing || holder == runId)
            {
                _claims[programId] = runId;
                return Task.FromResult(true);
            }

            return Task.FromResult(false);
        }
    }

    public Task<string?> GetClaimAsync(string programId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_claims.GetValueOrDefault(programId));
        }
    }

    public Task ReleaseClaimAsync(string programId, string runId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_claims.GetValueOrDefault(programId) == runId)
            {
                _claims.Remove(programId);
            }
        }

        return Task.CompletedTask;
    }

    public Task<bool> TryUseDecisionLinkAsync(string runId, string fingerprint, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_usedLinks.Add((runId, fingerprint)));
        }
    }
}
