using Microsoft.Azure.Functions.Worker;
using Referrals.Core.Payouts;

namespace Referrals.Functions.Payouts;

/// <summary>
/// The payout run's activities: one per step of the state machine, each a call to
/// <see cref="PayoutRunSteps.RunAsync"/> (idempotent: a retried activity redoes nothing), returning
/// where the run stands so the orchestrator can plan its next move.
/// </summary>
public sealed class PayoutActivities(PayoutRunSteps steps, DecidePayoutRun decide)
{
    public const string Load = "LoadPayoutRun";
    public const string CloseTiers = "ClosePayoutRunTiers";
    public const string Collect = "CollectPayoutRun";
    public const string Calculate = "CalculatePayoutRunAndRequestDecision";
    public const string Remind = "RemindPayoutRun";
    public const string Expire = "ExpirePayoutRun";
    public const string Pay = "PayPayoutRun";
    public const string Release = "ReleasePayoutRun";
    public const string RecordDecision = "RecordPayoutDecision";

    /// <summary>The activity that runs <paramref name="step"/>.</summary>
    public static string For(PayoutStep step) => step switch
    {
        PayoutStep.CloseTiers => CloseTiers,
        PayoutStep.Collect => Collect,
        PayoutStep.Calculate => Calculate,
        PayoutStep.Remind => Remind,
        PayoutStep.Expire => Expire,
        PayoutStep.Pay => Pay,
        PayoutStep.Release => Release,
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "No activity runs this step."),
    };

    [Function(Load)]
    public Task<PayoutRunProgress?> LoadAsync([ActivityTrigger] string runId, FunctionContext context) =>
        steps.ProgressAsync(runId, Token(context));

    /// <summary>Closes the run's period's tiers before it collects (idempotent per program and period).</summary>
    [Function(CloseTiers)]
    public Task<PayoutRunProgress?> CloseTiersAsync([ActivityTrigger] string runId, FunctionContext context) =>
        steps.RunAsync(runId, PayoutStep.CloseTiers, Token(context));

    [Function(Collect)]
    public Task<PayoutRunProgress?> CollectAsync([ActivityTrigger] string runId, FunctionContext context) =>
        steps.RunAsync(runId, PayoutStep.Collect, Token(context));

    [Function(Calculate)]
    public Task<PayoutRunProgress?> CalculateAsync([ActivityTrigger] string runId, FunctionContext context) =>
        steps.RunAsync(runId, PayoutStep.Calculate, Token(context));

    [Function(Remind)]
    public Task<PayoutRunProgress?> RemindAsync([ActivityTrigger] string runId, FunctionContext context) =>
        steps.RunAsync(runId, PayoutStep.Remind, Token(context));

    [Function(Expire)]
    public Task<PayoutRunProgress?> ExpireAsync([ActivityTrigger] string runId, FunctionContext context) =>
        steps.RunAsync(runId, PayoutStep.Expire, Token(context));

    [Function(Pay)]
    public Task<PayoutRunProgress?> PayAsync([ActivityTrigger] string runId, FunctionContext context) =>
        steps.RunAsync(runId, PayoutStep.Pay, Token(context));

    [Function(Release)]
    public Task<PayoutRunProgress?> ReleaseAsync([ActivityTrigger] string runId, FunctionContext context) =>
        steps.RunAsync(runId, PayoutStep.Release, Token(context));

    /// <summary>Records finance's decision (an invalid or late one changes nothing) and says where the run stands.</summary>
    [Function(RecordDecision)]
    public async Task<PayoutRunProgress?> RecordDecisionAsync([ActivityTrigger] PayoutDecisionInput input, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        await decide.RecordAsync(input.RunId, input.Decision, Token(context));
        return await steps.ProgressAsync(input.RunId, Token(context));
    }

    private static CancellationToken Token(FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.CancellationToken;
    }
}

/// <summary>The input of <see cref="PayoutActivities.RecordDecision"/>.</summary>
public sealed record PayoutDecisionInput(string RunId, PayoutDecision Decision);
