namespace Referrals.Core.Payouts;

/// <summary>
/// Records finance's decision about a run (approve, approve with lines held back, reject) with who,
/// when and why, then pays or releases it at once. A run past its deadline expires instead.
/// </summary>
public sealed class DecidePayoutRun(IPayoutRunStore runs, PayoutRunSteps steps, TimeProvider time)
{
    public async Task<PayoutDecisionResult> ExecuteAsync(string runId, PayoutDecision decision, CancellationToken cancellationToken)
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
            if (result is PayoutDecisionResult.PastDeadline)
            {
                await steps.AdvanceAsync(runId, cancellationToken);
                return result;
            }

            if (result is not PayoutDecisionResult.Decided decided)
            {
                return result;
            }

            if (!await runs.TryUpdateAsync(decided.Run, stored.Version, cancellationToken))
            {
                continue;
            }

            await runs.AuditAsync(decided.Run, cancellationToken);
            var advanced = await steps.AdvanceAsync(runId, cancellationToken) ?? decided.Run;
            return decided with { Run = advanced };
        }

        throw new InvalidOperationException($"Run {runId} kept changing while the decision was recorded.");
    }
}
