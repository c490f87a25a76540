namespace Referrals.Core.Payouts;

/// <summary>
/// Records finance's decision about a run (approve, approve with lines held back, reject) with who,
/// when and why, then pays or releases it at once. A run past its deadline expires instead.
/// </summary>
public sealed class DecidePayoutRun(IPayoutRunStore runs, PayoutRunSteps steps, TimeProvider time)
{
    /// <summary>Records the decision, then pays or releases the run at once (the server's way).</summary>
    public async Task<PayoutDecisionResult> ExecuteAsync(string runId, PayoutDecision decision, CancellationToken cancellationToken)
    {
        var result = await RecordAsync(runId, decision, cancellationToken);
        switch (result)
        {
            case PayoutDecisionResult.PastDeadline:
                await steps.AdvanceAsync(runId, cancellationToken);
                return result;
            case PayoutDecisionResult.Decided decided:
                var advanced = await steps.AdvanceAsync(runId, cancellationToken) ?? decided.Run;
                return decided with { Run = advanced };
            default:
                return result;
        }
    }

    /// <summary>
    /// Records the decision and leaves paying or releasing to whoever drives the run (a Durable
    /// orchestration runs them as their own activities).
    /// </summary>
    public Task<PayoutDecisionResult> RecordAsync(string runId, PayoutDecision decision, CancellationToken cancellationToken) =>
        DecideAsync(runId, decision, store: true, cancellationToken);

    /// <summary>What <see cref="RecordAsync"/> would answer now, storing nothing: lets a host refuse a decision before it queues it.</summary>
    public Task<PayoutDecisionResult> CheckAsync(string runId, PayoutDecision decision, CancellationToken cancellationToken) =>
        DecideAsync(runId, decision, store: false, cancellationToken);

    private async Task<PayoutDecisionResult> DecideAsync(string runId, PayoutDecision decision, bool store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(decision);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await runs.GetAsync(runId, cancellationToken) is not { } stored)
            {
                return new PayoutDecisionResult.NotFound();
            }

            var held = new List<PayoutLine>();
            foreach (var partnerId in decision.HeldLines.Keys)
            {
                if (await runs.GetLineAsync(runId, partnerId, cancellationToken) is { } line)
                {
                    held.Add(line);
                }
            }

            var result = PayoutRunMachine.Decide(stored.Run, decision, held, time.GetUtcNow());
            if (!store || result is not PayoutDecisionResult.Decided decided)
            {
                return result;
            }

            if (!await runs.TryUpdateAsync(decided.Run, stored.Version, cancellationToken))
            {
                continue;
            }

            await runs.AuditAsync(decided.Run, cancellationToken);
            return decided;
        }

        throw new InvalidOperationException($"Run {runId} kept changing while the decision was recorded.");
    }
}
