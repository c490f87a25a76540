namespace Referrals.Core.Payouts;

/// <summary>What one step of a run did.</summary>
public enum StepResult
{
    /// <summary>The run moved on and was stored.</summary>
    Moved,

    /// <summary>Nothing to do yet: the run waits (for a decision, a time, or another run of its program to finish).</summary>
    Waiting,

    /// <summary>Another writer changed the run first; read it again.</summary>
    Conflict,
}
