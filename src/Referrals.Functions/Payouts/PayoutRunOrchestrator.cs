using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Referrals.Core.Payouts;

namespace Referrals.Functions.Payouts;

/// <summary>
/// Drives one payout run (instance id = run id) by <see cref="PayoutWorkflow.Plan"/>: runs each due step
/// as its activity, and while finance decides, races the <see cref="DecisionEvent"/> against a durable
/// timer for the reminder, then for the deadline. Deterministic: time comes from the context, and every
/// read or write of the run happens in an activity.
/// </summary>
public static class PayoutRunOrchestrator
{
    public const string Name = "PayoutRunOrchestrator";

    /// <summary>Raised by the decision endpoint with a <see cref="PayoutDecision"/>, or with none to make the run look again.</summary>
    public const string DecisionEvent = "FinanceDecision";

    [Function(Name)]
    public static async Task<PayoutRunState?> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var runId = context.GetInput<string>() ?? throw new InvalidOperationException("The orchestration's input is the run id.");
        var progress = await context.CallActivityAsync<PayoutRunProgress?>(PayoutActivities.Load, runId);
        while (true)
        {
            switch (PayoutWorkflow.Plan(progress, Now(context)))
            {
                case PayoutPlan.RunStep run:
                    progress = await context.CallActivityAsync<PayoutRunProgress?>(PayoutActivities.For(run.Step), runId);
                    break;
                case PayoutPlan.AwaitDecision wait:
                    progress = await AwaitDecisionAsync(context, runId, wait.Until) ?? progress;
                    break;
                case PayoutPlan.WaitUntil wait:
                    await context.CreateTimer(wait.At.UtcDateTime, CancellationToken.None);
                    progress = await context.CallActivityAsync<PayoutRunProgress?>(PayoutActivities.Load, runId);
                    break;
                default:
                    return progress?.State;
            }
        }
    }

    /// <summary>Where the run stands after finance's decision, or null when <paramref name="until"/> came first (the plan then runs the timed step).</summary>
    private static async Task<PayoutRunProgress?> AwaitDecisionAsync(TaskOrchestrationContext context, string runId, DateTimeOffset until)
    {
        using var cancel = new CancellationTokenSource();
        var decision = context.WaitForExternalEvent<PayoutDecision?>(DecisionEvent, cancel.Token);
        var timer = context.CreateTimer(until.UtcDateTime, cancel.Token);
        var first = await Task.WhenAny(decision, timer);
        await cancel.CancelAsync();
        if (first != decision)
        {
            return null;
        }

        return await decision is { } made
            ? await context.CallActivityAsync<PayoutRunProgress?>(PayoutActivities.RecordDecision, new PayoutDecisionInput(runId, made))
            : await context.CallActivityAsync<PayoutRunProgress?>(PayoutActivities.Load, runId);
    }

    private static DateTimeOffset Now(TaskOrchestrationContext context) =>
        new(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc));
}
