namespace Referrals.Core.Payouts;

/// <summary>Why finance is told about a run.</summary>
public enum PayoutNoticeKind
{
    /// <summary>The run waits for a decision (with approve and reject links).</summary>
    DecisionRequested,

    /// <summary>The deadline is near.</summary>
    Reminder,

    /// <summary>The deadline passed without a decision; nothing was paid.</summary>
    Expired,

    /// <summary>The run was paid.</summary>
    Paid,
}
