using Referrals.Core.Programs;

namespace Referrals.Core.Payouts;

/// <summary>
/// The payout run as a workflow: which period's run to start, and what a host does next with a run at
/// a given time. Pure, so the server's scheduler and a Durable orchestration (time from its context)
/// take the same decisions; <see cref="PayoutRunMachine"/> decides the moves themselves.
/// </summary>
public static class PayoutWorkflow
{
    /// <summary>How long a run blocked by another run of its program waits before it tries again.</summary>
    public static readonly TimeSpan BlockedRetry = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The period whose run should exist by <paramref name="now"/>: the latest one that closed in the
    /// program's time zone, or null when the program did not exist yet when it closed.
    /// </summary>
    public static PayoutPeriod? PeriodToStart(ReferralProgram program, DateTimeOffset now) => PeriodClosePlanner.PeriodToClose(program, now);

    /// <summary>The next move for a run that stands at <paramref name="progress"/> at <paramref name="now"/>.</summary>
    public static PayoutPlan Plan(PayoutRunProgress? progress, DateTimeOffset now)
    {
        if (progress is null || progress.Next == PayoutStep.None)
        {
            return new PayoutPlan.Finished();
        }

        if (progress.Blocked)
        {
            return new PayoutPlan.WaitUntil(now + BlockedRetry);
        }

        var due = PayoutRunMachine.Due(progress.Next, progress.DueAt, progress.Deadline, now);
        if (due != PayoutStep.None)
        {
            return new PayoutPlan.RunStep(due);
        }

        var at = progress.DueAt ?? now + BlockedRetry;
        return progress.State == PayoutRunState.AwaitingDecision
            ? new PayoutPlan.AwaitDecision(at, progress.Next)
            : new PayoutPlan.WaitUntil(at);
    }
}
