using System.Collections.Concurrent;
using Referrals.Core.Commissions;
using Referrals.Core.Events;
using Referrals.Core.OutboundWebhooks;
using Referrals.Core.Programs;

namespace Referrals.Core.Payouts;

/// <summary>
/// The activities of a payout run: each step loads the run, does its I/O, asks
/// <see cref="PayoutRunMachine"/> for the next state and stores it under the version it read. Every
/// step is idempotent (a retry after a crash redoes nothing twice), so any host can step runs: the
/// server's scheduler, a request, or a Durable orchestration calling one activity per step.
/// </summary>
public sealed class PayoutRunSteps(
    IProgramStore programs,
    IPayoutRunStore runs,
    IPayoutLedger ledger,
    IPayoutNotifier notifier,
    IEventPublisher events,
    CloseTiers tiers,
    TimeProvider time,
    IWebhookOutbox? webhooks = null)
{
    private const int ChunkSize = 100;
    private const int Parallelism = 8;

    /// <summary>Runs the run's due steps one after another until it waits (for a decision, a time or another run).</summary>
    public async Task<PayoutRun?> AdvanceAsync(string runId, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 20; i++)
        {
            if (await runs.GetAsync(runId, cancellationToken) is not { } stored)
            {
                return null;
            }

            var step = PayoutRunMachine.Due(stored.Run, time.GetUtcNow());
            if (step == PayoutStep.None)
            {
                return stored.Run;
            }

            var result = await StepAsync(stored.Run, stored.Version, step, cancellationToken);
            if (result == StepResult.Waiting)
            {
                return stored.Run;
            }
        }

        return (await runs.GetAsync(runId, cancellationToken))?.Run;
    }

    /// <summary>Where the run stands, or null when there is no such run.</summary>
    public async Task<PayoutRunProgress?> ProgressAsync(string runId, CancellationToken cancellationToken) =>
        await runs.GetAsync(runId, cancellationToken) is { } stored ? PayoutRunProgress.Of(stored.Run) : null;

    /// <summary>
    /// Runs <paramref name="step"/> if it is still the run's due step (an activity retried after it
    /// succeeded, or a step another host took first, does nothing) and says where the run stands after.
    /// <see cref="PayoutRunProgress.Blocked"/> when the step must wait for another run of the program.
    /// </summary>
    public async Task<PayoutRunProgress?> RunAsync(string runId, PayoutStep step, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await runs.GetAsync(runId, cancellationToken) is not { } stored)
            {
                return null;
            }

            if (PayoutRunMachine.Due(stored.Run, time.GetUtcNow()) != step)
            {
                return PayoutRunProgress.Of(stored.Run);
            }

            switch (await StepAsync(stored.Run, stored.Version, step, cancellationToken))
            {
                case StepResult.Waiting:
                    return PayoutRunProgress.Of(stored.Run, blocked: true);
                case StepResult.Moved:
                    return await ProgressAsync(runId, cancellationToken);
            }
        }

        throw new InvalidOperationException($"Run {runId} kept changing while its {step} step ran.");
    }

    /// <summary>Runs one step of the run; <see cref="StepResult.Conflict"/> when another writer moved it first (read again).</summary>
    public async Task<StepResult> StepAsync(PayoutRun run, string version, PayoutStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var program = await programs.GetAsync(run.ProgramId, cancellationToken)
            ?? throw new InvalidOperationException($"Run {run.Id} belongs to program {run.ProgramId}, which does not exist.");
        var now = time.GetUtcNow();
        PayoutRun? next = step switch
        {
            PayoutStep.CloseTiers => await CloseTiersAsync(run, now, cancellationToken),
            PayoutStep.Collect => await CollectAsync(run, program, now, cancellationToken),
            PayoutStep.Calculate => await CalculateAsync(run, program, now, cancellationToken),
            PayoutStep.Remind => PayoutRunMachine.Reminded(run, now),
            PayoutStep.Expire => PayoutRunMachine.Expire(run, now),
            PayoutStep.Pay => await PayAsync(run, now, cancellationToken),
            PayoutStep.Release => await ReleaseAsync(run, now, cancellationToken),
            _ => null,
        };
        if (next is null)
        {
            return StepResult.Waiting;
        }

        if (step == PayoutStep.Remind)
        {
            await notifier.NotifyAsync(PayoutNoticeKind.Reminder, next, cancellationToken);
        }

        // Recorded before the move is stored, so a crash in between records it again (same webhook id) instead of losing it.
        if (webhooks is not null && step is PayoutStep.Calculate or PayoutStep.Expire && next.State is PayoutRunState.AwaitingDecision or PayoutRunState.Expired)
        {
            var type = next.State == PayoutRunState.Expired ? WebhookEventTypes.PayoutRunExpired : WebhookEventTypes.PayoutRunAwaitingDecision;
            await webhooks.RecordAsync(PayoutRunEventData.Event(type, next, now), cancellationToken);
        }

        if (!await runs.TryUpdateAsync(next, version, cancellationToken))
        {
            return StepResult.Conflict;
        }

        await runs.AuditAsync(next, cancellationToken);
        switch (step)
        {
            case PayoutStep.Calculate:
                await notifier.NotifyAsync(PayoutNoticeKind.DecisionRequested, next, cancellationToken);
                break;
            case PayoutStep.Expire:
                await notifier.NotifyAsync(PayoutNoticeKind.Expired, next, cancellationToken);
                break;
            case PayoutStep.Pay:
                await runs.ReleaseClaimAsync(run.ProgramId, run.Id, cancellationToken);
                await notifier.NotifyAsync(PayoutNoticeKind.Paid, next, cancellationToken);
                break;
            case PayoutStep.Release:
                await runs.ReleaseClaimAsync(run.ProgramId, run.Id, cancellationToken);
                break;
        }

        return StepResult.Moved;
    }

    /// <summary>Closes the run's period's tiers (idempotent: a retry answers the lines stored the first time).</summary>
    private async Task<PayoutRun> CloseTiersAsync(PayoutRun run, DateTimeOffset now, CancellationToken cancellationToken) =>
        await tiers.RunAsync(run.ProgramId, run.PeriodKey, cancellationToken) is CloseTiersOutcome.Closed closed
            ? PayoutRunMachine.TiersClosed(run, closed.Lines.Count, new Money(closed.Total, run.Currency), now)
            : PayoutRunMachine.TiersClosed(run, 0, Money.Zero(run.Currency), now);

    /// <summary>Claims the program (one run counts at a time) and approves the commissions whose hold passed by the cutoff.</summary>
    private async Task<PayoutRun?> CollectAsync(PayoutRun run, ReferralProgram program, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var others = await runs.ListAsync(run.ProgramId, cancellationToken);
        if (!await ClaimAsync(run, others, cancellationToken))
        {
            return null;
        }

        var hold = program.Payouts.Hold;
        var partners = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var commission in ledger.StreamAsync(run.ProgramId, CommissionStatus.Pending, run.Cutoff, cancellationToken))
        {
            if (PayoutLineCalculator.IsDue(commission, run, hold))
            {
                partners.Add(commission.PartnerId);
            }
        }

        var approved = 0;
        await Parallel.ForEachAsync(
            partners,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (partnerId, token) =>
            {
                var moved = await ledger.MoveAsync(partnerId, CommissionStatus.Pending, CommissionStatus.Approved, c => PayoutLineCalculator.IsDue(c, run, hold), run.Id, now, token);
                Interlocked.Add(ref approved, moved);
            });

        var previousCutoff = others
            .Where(other => other.Id != run.Id && other.IsFinished && other.Cutoff <= run.Cutoff)
            .Select(other => (DateTimeOffset?)other.Cutoff)
            .Max();
        return PayoutRunMachine.Collected(run, approved, previousCutoff, now);
    }

    private async Task<bool> ClaimAsync(PayoutRun run, IReadOnlyList<PayoutRun> others, CancellationToken cancellationToken)
    {
        var holder = await runs.GetClaimAsync(run.ProgramId, cancellationToken);
        if (holder == run.Id)
        {
            return true;
        }

        if (holder is null)
        {
            return await runs.TryClaimAsync(run.ProgramId, run.Id, null, cancellationToken);
        }

        var holding = others.FirstOrDefault(other => other.Id == holder);
        return (holding is null || holding.IsFinished) && await runs.TryClaimAsync(run.ProgramId, run.Id, holder, cancellationToken);
    }

    /// <summary>Adds up the approved commissions into one line per partner and stores the lines (replacing any from an interrupted try).</summary>
    private async Task<PayoutRun> CalculateAsync(PayoutRun run, ReferralProgram program, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var counting = run with { CalculatedAt = now };
        var calculator = new PayoutLineCalculator(counting, program.Payouts.MinimumPayout);
        await foreach (var commission in ledger.StreamAsync(run.ProgramId, CommissionStatus.Approved, run.Cutoff, cancellationToken))
        {
            calculator.Add(commission);
        }

        await runs.SaveLinesAsync(run.Id, calculator.Lines(), cancellationToken);
        return PayoutRunMachine.Calculated(counting, calculator.Totals(), program.Payouts, now);
    }

    /// <summary>Marks the payable lines' commissions and the lines paid, sets the balances and publishes the payout.</summary>
    private async Task<PayoutRun> PayAsync(PayoutRun run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var paidLines = 0;
        long paidAmount = 0;
        var chunk = new List<PayoutLine>(ChunkSize);
        await foreach (var line in runs.StreamLinesAsync(run.Id, cancellationToken))
        {
            chunk.Add(line);
            if (chunk.Count == ChunkSize)
            {
                (var lines, var amount) = await PayChunkAsync(run, chunk, now, cancellationToken);
                paidLines += lines;
                paidAmount += amount;
                chunk.Clear();
            }
        }

        if (chunk.Count > 0)
        {
            (var lines, var amount) = await PayChunkAsync(run, chunk, now, cancellationToken);
            paidLines += lines;
            paidAmount += amount;
        }

        await events.PublishAsync(Topics.PayoutRunApproved, new PayoutRunApproved(run.Id, run.ProgramId, run.PeriodKey, run.Currency, paidLines, paidAmount, now), cancellationToken);
        return PayoutRunMachine.Paid(run, paidLines, paidAmount, now);
    }

    private async Task<(int Lines, long Amount)> PayChunkAsync(PayoutRun run, List<PayoutLine> chunk, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var held = run.Held ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var heldLines = chunk
            .Where(line => line.Status == PayoutLineStatus.Payable && held.ContainsKey(line.PartnerId))
            .Select(line => line with { Status = PayoutLineStatus.Held, HoldReason = held[line.PartnerId], Note = "Held back by finance; carried to the next period." })
            .ToArray();
        if (heldLines.Length > 0)
        {
            await runs.SaveLinesAsync(run.Id, heldLines, cancellationToken);
        }

        var paid = new ConcurrentBag<PayoutLine>();
        await Parallel.ForEachAsync(
            chunk.Where(line => line.Status == PayoutLineStatus.Payable && !held.ContainsKey(line.PartnerId)),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (line, token) =>
            {
                await ledger.MoveAsync(line.PartnerId, CommissionStatus.Approved, CommissionStatus.Paid, c => PayoutLineCalculator.Counts(c, run), run.Id, now, token);
                paid.Add(line with { Status = PayoutLineStatus.Paid, Note = $"Paid {now:yyyy-MM-dd}, reference {line.Reference}." });
            });
        if (!paid.IsEmpty)
        {
            await runs.SaveLinesAsync(run.Id, paid, cancellationToken);
        }

        var paidIds = paid.Select(line => line.PartnerId).ToHashSet(StringComparer.Ordinal);
        var settled = chunk.Select(line => line.Status == PayoutLineStatus.Paid || paidIds.Contains(line.PartnerId) ? (line.PartnerId, 0L) : (line.PartnerId, line.Amount));
        await runs.SaveBalancesAsync(run.ProgramId, run.Id, settled, run.Currency, now, cancellationToken);
        var all = chunk.Where(line => line.Status == PayoutLineStatus.Paid || paidIds.Contains(line.PartnerId)).ToArray();
        return (all.Length, all.Sum(line => line.Amount));
    }

    /// <summary>A rejected or expired run pays nothing: every line's balance carries over and its commissions stay in the pool.</summary>
    private async Task<PayoutRun> ReleaseAsync(PayoutRun run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var chunk = new List<(string, long)>(ChunkSize);
        await foreach (var line in runs.StreamLinesAsync(run.Id, cancellationToken))
        {
            chunk.Add((line.PartnerId, line.Amount));
            if (chunk.Count == ChunkSize)
            {
                await runs.SaveBalancesAsync(run.ProgramId, run.Id, chunk, run.Currency, now, cancellationToken);
                chunk.Clear();
            }
        }

        if (chunk.Count > 0)
        {
            await runs.SaveBalancesAsync(run.ProgramId, run.Id, chunk, run.Currency, now, cancellationToken);
        }

        return PayoutRunMachine.Released(run, now);
    }
}
