namespace Referrals.Core.Payouts;

/// <summary>
/// Where a run stands, in the few values a host that drives it needs to plan its next move
/// (<see cref="PayoutWorkflow.Plan"/>): small and serializable, so a Durable activity can return it.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="State">Its state.</param>
/// <param name="Next">The next step (<see cref="PayoutRunMachine.Next"/>); <see cref="PayoutStep.None"/> once it is finished.</param>
/// <param name="DueAt">When <paramref name="Next"/> is due.</param>
/// <param name="Deadline">Finance's deadline, once the run waits for a decision.</param>
/// <param name="Blocked">The last step could not run yet: another run of the program holds its claim.</param>
public sealed record PayoutRunProgress(string RunId, PayoutRunState State, PayoutStep Next, DateTimeOffset? DueAt, DateTimeOffset? Deadline, bool Blocked = false)
{
    public static PayoutRunProgress Of(PayoutRun run, bool blocked = false)
    {
        ArgumentNullException.ThrowIfNull(run);
        var (next, dueAt) = PayoutRunMachine.Next(run);
        return new PayoutRunProgress(run.Id, run.State, next, dueAt, run.Deadline, blocked);
    }
}
