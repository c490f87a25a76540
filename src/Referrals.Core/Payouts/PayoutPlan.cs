namespace Referrals.Core.Payouts;

/// <summary>What a host driving a run does next (<see cref="PayoutWorkflow.Plan"/>).</summary>
public abstract record PayoutPlan
{
    private PayoutPlan()
    {
    }

    /// <summary>Run this step now (one activity).</summary>
    public sealed record RunStep(PayoutStep Step) : PayoutPlan;

    /// <summary>Wait for finance's decision until <paramref name="Until"/>; if none came by then, run <paramref name="Then"/> (remind, or expire).</summary>
    public sealed record AwaitDecision(DateTimeOffset Until, PayoutStep Then) : PayoutPlan;

    /// <summary>Nothing can happen before <paramref name="At"/>: look again then.</summary>
    public sealed record WaitUntil(DateTimeOffset At) : PayoutPlan;

    /// <summary>The run is finished (paid, or rejected or expired and released), or gone.</summary>
    public sealed record Finished : PayoutPlan;
}
