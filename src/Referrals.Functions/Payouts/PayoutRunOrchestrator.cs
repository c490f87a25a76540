using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Referrals.Core.Payouts;

namespace Referrals.Functions.Payouts;

/// <summary>
/// Drives one payout run (instance id = run id) by <see cref="PayoutWorkflow.Plan"/>: runs each due step
/// as its activity, and while finance decides, races the <see cref="DecisionEvent"/> against a durable
/// timer for the reminder, then for the deadline. Deterministic: time comes from the context, and every
/// read or write of the run happens in an activity. Its history stays bounded: a run that has to wait
/// for another run (or keeps being woken without moving) continues as new, and the next execution
/// starts again from what is stored.
/// </summary>
public static class PayoutRunOrchestrator
{
    public const string Name = "PayoutRunOrchestrator";

    /// <summary>
    /// Raised by the decision endpoint with a <see cref="PayoutDecision"/> (recorded if it is not yet), or
    /// with none to make the run look again at what is stored.
    /// </summary>
    public const string DecisionEvent = "FinanceDecision";

    /// <summary>
    /// The moves one execution makes before it continues as new. A run needs at most nine (close tiers,
    /// collect, calculate, wait for the reminder, remind, wait for the deadline, expire, release, finish); the
    /// rest is room for wake-ups that changed nothing, whose history would otherwise pile up.
    /// </summary>
    internal const int MovesPerExecution = 16;

    /// <summary>
    /// A step whose storage fails is tried again after 5 s, 10 s, 20 s and 40 s (durable timers, so
    /// nothing spins) before the orchestration fails; the timer then starts it again from what is stored.
    /// Every step is idempotent, so a retry after a lost answer redoes nothing.
    /// </summary>
    private static readonly TaskOptions StepRetry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(5), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(1)));

    [Function(Name)]
    public static async Task<PayoutRunState?> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var runId = context.GetInput<string>() ?? throw new InvalidOperationException("The orchestration's input is the run id.");
        var progress = await context.CallActivityAsync<PayoutRunProgress?>(PayoutActivities.Load, runId, StepRetry);
        for (var move = 0; move < MovesPerExecution; move++)
        {
            switch (PayoutWorkflow.Plan(progress, Now(context)))
            {
                case PayoutPlan.RunStep run:
                    progress = await context.CallActivityAsync<PayoutRunProgress?>(PayoutActivities.For(run.Step), runId, StepRetry);
                    break;
                case PayoutPlan.AwaitDecision wait:
                    progress = await AwaitDecisionAsync(context, runId, wait.Until) ?? progress;
                    break;
                case PayoutPlan.WaitUntil wait:
                    // Blocked by another run of the program, which may take a while: each look starts a
                    // fresh execution, so the waiting leaves no history behind.
                    await WakeAsync(context, wait.At);
                    return ContinueAsNew(context, runId);
                default:
                    return progress?.State;
            }
        }

        return ContinueAsNew(context, runId);
    }

    /// <summary>Where the run stands after finance's decision, or null when <paramref name="until"/> came first (the plan then runs the timed step).</summary>
    private static async Task<PayoutRunProgress?> AwaitDecisionAsync(TaskOrchestrationContext context, string runId, DateTimeOffset until)
    {
        var (woken, decision) = await WakeAsync(context, until);
        if (!woken)
        {
            return null;
        }

        // The endpoint records a decision before it raises the event, so recording it again changes
        // nothing; an event without one only asks to look again.
        return decision is not null
            ? await context.CallActivityAsync<PayoutRunProgress?>(PayoutActivities.RecordDecision, new PayoutDecisionInput(runId, decision), StepRetry)
            : await context.CallActivityAsync<PayoutRunProgress?>(PayoutActivities.Load, runId, StepRetry);
    }

    /// <summary>Waits for <see cref="DecisionEvent"/> or <paramref name="until"/>, whichever comes first: woken (with the event's decision, if any) when the event came first.</summary>
    private static async Task<(bool Woken, PayoutDecision? Decision)> WakeAsync(TaskOrchestrationContext context, DateTimeOffset until)
    {
        using var cancel = new CancellationTokenSource();
        var decision = context.WaitForExternalEvent<PayoutDecision?>(DecisionEvent, cancel.Token);
        var timer = context.CreateTimer(until.UtcDateTime, cancel.Token);
        var first = await Task.WhenAny(decision, timer);

        // Cancel() runs the loser's cancellation here, on the orchestration's own scheduler. Never await
        // CancelAsync() in an orchestrator: its continuation resumes off that scheduler after the episode
        // has ended, so the orchestration never schedules another action and stays Running for good.
        cancel.Cancel();
        return first == decision ? (true, await decision) : (false, null);
    }

    /// <summary>Starts the next execution on the same run; events that arrived and were not handled yet are carried over to it.</summary>
    private static PayoutRunState? ContinueAsNew(TaskOrchestrationContext context, string runId)
    {
        context.ContinueAsNew(runId, preserveUnprocessedEvents: true);
        return null;
    }

    private static DateTimeOffset Now(TaskOrchestrationContext context) =>
        new(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc));
}
