using Referrals.Core.Validation;

namespace Referrals.Core.Payouts;

/// <summary>
/// The payout run's state machine. Pure: every function takes the run (and what the step found) and
/// returns the next run with the transition recorded; no I/O, no clock. Every move goes through
/// <see cref="Move"/>, which refuses any move <see cref="CanMove"/> does not allow.
/// </summary>
public static class PayoutRunMachine
{
    /// <summary>The actor of steps the system takes on its own (collect, calculate, remind, expire, pay).</summary>
    public const string System = "system";

    private static readonly Dictionary<PayoutRunState, PayoutRunState[]> Moves = new()
    {
        [PayoutRunState.Collecting] = [PayoutRunState.Calculating],
        [PayoutRunState.Calculating] = [PayoutRunState.AwaitingDecision],
        [PayoutRunState.AwaitingDecision] = [PayoutRunState.Approved, PayoutRunState.PartiallyApproved, PayoutRunState.Rejected, PayoutRunState.Expired],
        [PayoutRunState.Approved] = [PayoutRunState.Paid],
        [PayoutRunState.PartiallyApproved] = [PayoutRunState.Paid],
        [PayoutRunState.Rejected] = [],
        [PayoutRunState.Expired] = [],
        [PayoutRunState.Paid] = [],
    };

    /// <summary>True when a run may move from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanMove(PayoutRunState from, PayoutRunState to) =>
        Moves.TryGetValue(from, out var targets) && targets.Contains(to);

    /// <summary>A new run for the period ending at <paramref name="periodEnd"/> (check it with <see cref="ValidateStart"/> first).</summary>
    /// <remarks><paramref name="closesTiers"/>: the program's plan has tiers; the run closes them only when it counts up to the period's end.</remarks>
    public static PayoutRun Start(string programId, string currency, PayoutSettings settings, DateTimeOffset periodEnd, DateTimeOffset now, string actor, string reason, bool closesTiers = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var period = PayoutPeriod.EndingAt(periodEnd, settings.Schedule, settings.Zone);
        var cutoff = periodEnd < period.End ? periodEnd : period.End;
        return new PayoutRun(
            PayoutRun.IdFor(programId, period.Key),
            programId,
            period.Key,
            period.Start,
            period.End,
            cutoff.ToUniversalTime(),
            currency,
            PayoutRunState.Collecting,
            now,
            [new PayoutTransition(null, PayoutRunState.Collecting, now, actor, reason, "created")],
            ClosesTiers: closesTiers && cutoff >= period.End);
    }

    /// <summary>What is wrong with starting a run for <paramref name="periodEnd"/> at <paramref name="now"/>.</summary>
    public static ValidationErrors ValidateStart(DateTimeOffset? periodEnd, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        if (periodEnd is not { } end)
        {
            errors.Add("periodEnd", "'periodEnd' is required: the instant the period ends, e.g. 2025-04-01T00:00:00Z.");
        }
        else if (end > now)
        {
            errors.Add("periodEnd", "'periodEnd' must not be in the future: a run pays what was earned up to then.");
        }

        return errors;
    }

    /// <summary>The period's tiers are closed (<paramref name="lines"/> adjustment lines adding up to <paramref name="total"/>): the run goes on to collect them with the rest.</summary>
    public static PayoutRun TiersClosed(PayoutRun run, int lines, Money total, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(run);
        var sign = total.Amount >= 0 ? "+" : "-";
        return Record(run, now, System, $"Tiers closed: {lines} adjustment line(s), {sign}{new Money(Math.Abs(total.Amount), total.Currency)}.", "tiers closed") with { TiersClosedAt = now };
    }

    /// <summary>The commissions whose hold passed are approved: the run goes on to calculate.</summary>
    public static PayoutRun Collected(PayoutRun run, int approved, DateTimeOffset? previousCutoff, DateTimeOffset now) =>
        Move(run, PayoutRunState.Calculating, now, System, $"{approved} commission(s) whose hold passed were approved.", "collected") with
        {
            PreviousCutoff = previousCutoff,
        };

    /// <summary>The lines are stored: finance is asked to decide by the deadline, with a reminder before it.</summary>
    public static PayoutRun Calculated(PayoutRun run, PayoutTotals totals, PayoutSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(totals);
        ArgumentNullException.ThrowIfNull(settings);
        var deadline = now + settings.ApprovalWindow;
        return Move(
                run,
                PayoutRunState.AwaitingDecision,
                now,
                System,
                $"{totals.Lines} line(s): {totals.PayableLines} payable ({totals.Payable}), {totals.CarriedLines} carried over ({totals.Carried}).",
                "calculated") with
        {
            CalculatedAt = now,
            Totals = totals,
            Deadline = deadline,
            ReminderAt = deadline - settings.ReminderBefore,
        };
    }

    /// <summary>
    /// Applies finance's decision: the run with the decision recorded and the held lines marked, or the
    /// problems (wrong state, past the deadline, unknown or unexplained held lines, no reason).
    /// </summary>
    /// <remarks><paramref name="heldLines"/>: the run's stored lines of the partners the decision holds back (absent ones are unknown).</remarks>
    public static PayoutDecisionResult Decide(PayoutRun run, PayoutDecision decision, IReadOnlyCollection<PayoutLine> heldLines, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(heldLines);
        if (run.State != PayoutRunState.AwaitingDecision)
        {
            return new PayoutDecisionResult.NotAwaiting(run.State);
        }

        if (run.Deadline is { } deadline && now >= deadline)
        {
            return new PayoutDecisionResult.PastDeadline(deadline);
        }

        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(decision.Reason))
        {
            errors.Add("reason", "'reason' is required: every decision says why.");
        }

        var held = decision.HeldLines;
        if (decision.Kind == PayoutDecisionKind.Reject && held.Count > 0)
        {
            errors.Add("holdPartnerIds", "Lines can be held back only when approving.");
        }

        var known = heldLines.ToDictionary(line => line.PartnerId, StringComparer.Ordinal);
        foreach (var (partnerId, reason) in held)
        {
            if (!known.ContainsKey(partnerId))
            {
                errors.Add("holdPartnerIds", $"The run has no line for partner '{partnerId}'.");
            }
            else if (string.IsNullOrWhiteSpace(reason))
            {
                errors.Add("holdPartnerIds", $"Holding back partner '{partnerId}' needs a reason.");
            }
        }

        if (!errors.IsEmpty)
        {
            return new PayoutDecisionResult.Invalid(errors);
        }

        if (decision.Kind == PayoutDecisionKind.Reject)
        {
            return new PayoutDecisionResult.Decided(Move(run, PayoutRunState.Rejected, now, decision.Actor, decision.Reason.Trim(), "rejected"), []);
        }

        var changed = known.Values
            .Select(line => line with { Status = PayoutLineStatus.Held, HoldReason = held[line.PartnerId].Trim(), Note = "Held back by finance; carried to the next period." })
            .ToArray();
        var totals = run.Totals ?? new PayoutTotals(0, 0, 0, 0, 0);
        var newlyHeld = known.Values.Where(line => line.Status == PayoutLineStatus.Payable).ToArray();
        totals = totals with
        {
            PayableLines = totals.PayableLines - newlyHeld.Length,
            Payable = totals.Payable - newlyHeld.Sum(line => line.Amount),
            HeldLines = totals.HeldLines + changed.Length,
            Held = totals.Held + changed.Sum(line => line.Amount),
        };
        var heldNote = changed.Length == 0 ? string.Empty : $" Held back: {string.Join(", ", changed.Select(line => $"{line.PartnerId} ({line.HoldReason})"))}.";
        var to = changed.Length == 0 ? PayoutRunState.Approved : PayoutRunState.PartiallyApproved;
        return new PayoutDecisionResult.Decided(
            Move(run, to, now, decision.Actor, decision.Reason.Trim() + heldNote, changed.Length == 0 ? "approved" : "partially approved") with
            {
                Totals = totals,
                Held = changed.ToDictionary(line => line.PartnerId, line => line.HoldReason!, StringComparer.Ordinal),
            },
            changed);
    }

    /// <summary>Finance was reminded of the deadline.</summary>
    public static PayoutRun Reminded(PayoutRun run, DateTimeOffset now) =>
        Record(run, now, System, $"Reminder sent: the decision is due by {run.Deadline:O}.", "reminded") with { RemindedAt = now };

    /// <summary>The deadline passed without a decision: the run expires and is reported; nothing is paid.</summary>
    public static PayoutRun Expire(PayoutRun run, DateTimeOffset now) =>
        Move(run, PayoutRunState.Expired, now, System, $"No decision by the deadline {run.Deadline:O}; nothing was paid and the balances carry over.", "expired");

    /// <summary>The approved lines are paid.</summary>
    public static PayoutRun Paid(PayoutRun run, int lines, long amount, DateTimeOffset now) =>
        Move(run, PayoutRunState.Paid, now, System, $"{lines} line(s) paid, {amount} in all; the payout file is ready.", "paid") with { Settled = true };

    /// <summary>A rejected or expired run's balances are carried over: the run is finished.</summary>
    public static PayoutRun Released(PayoutRun run, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.State is not (PayoutRunState.Rejected or PayoutRunState.Expired) || run.Settled)
        {
            throw new InvalidOperationException($"Run {run.Id} in state {run.State} cannot be released.");
        }

        return Record(run, now, System, "The run's commissions returned to the pool for the next run.", "released") with { Settled = true };
    }

    /// <summary>What a host does next with the run, and from when.</summary>
    public static (PayoutStep Step, DateTimeOffset? DueAt) Next(PayoutRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.State switch
        {
            PayoutRunState.Collecting when run.ClosesTiers && run.TiersClosedAt is null => (PayoutStep.CloseTiers, run.CreatedAt),
            PayoutRunState.Collecting => (PayoutStep.Collect, run.CreatedAt),
            PayoutRunState.Calculating => (PayoutStep.Calculate, run.CreatedAt),
            PayoutRunState.AwaitingDecision when run.RemindedAt is null && run.ReminderAt < run.Deadline => (PayoutStep.Remind, run.ReminderAt),
            PayoutRunState.AwaitingDecision => (PayoutStep.Expire, run.Deadline),
            PayoutRunState.Approved or PayoutRunState.PartiallyApproved => (PayoutStep.Pay, run.CreatedAt),
            PayoutRunState.Rejected or PayoutRunState.Expired when !run.Settled => (PayoutStep.Release, run.CreatedAt),
            _ => (PayoutStep.None, null),
        };
    }

    /// <summary>
    /// The next step when it is due at <paramref name="now"/>; <see cref="PayoutStep.None"/> otherwise.
    /// A reminder whose time has passed together with the deadline is skipped: the run expires.
    /// </summary>
    public static PayoutStep Due(PayoutRun run, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(run);
        var (step, dueAt) = Next(run);
        return Due(step, dueAt, run.Deadline, now);
    }

    /// <summary>The same rule over a run's next step, its due time and deadline (as <see cref="PayoutRunProgress"/> carries them).</summary>
    public static PayoutStep Due(PayoutStep step, DateTimeOffset? dueAt, DateTimeOffset? deadline, DateTimeOffset now)
    {
        if (step == PayoutStep.Remind && deadline is { } end && now >= end)
        {
            return PayoutStep.Expire;
        }

        return step != PayoutStep.None && dueAt <= now ? step : PayoutStep.None;
    }

    private static PayoutRun Move(PayoutRun run, PayoutRunState to, DateTimeOffset now, string actor, string reason, string @event)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!CanMove(run.State, to))
        {
            throw new InvalidOperationException($"Run {run.Id} cannot move from {run.State} to {to}.");
        }

        return run with { State = to, Timeline = [.. run.Timeline, new PayoutTransition(run.State, to, now, actor, reason, @event)] };
    }

    private static PayoutRun Record(PayoutRun run, DateTimeOffset now, string actor, string reason, string @event)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run with { Timeline = [.. run.Timeline, new PayoutTransition(run.State, run.State, now, actor, reason, @event)] };
    }
}
