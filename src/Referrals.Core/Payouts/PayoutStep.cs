namespace Referrals.Core.Payouts;

/// <summary>The next thing a host does to a run: one idempotent activity per step.</summary>
public enum PayoutStep
{
    /// <summary>Nothing until a decision (or the next timed step).</summary>
    None,

    /// <summary>Approve the commissions whose hold passed.</summary>
    Collect,

    /// <summary>Build one line per partner and ask finance to decide.</summary>
    Calculate,

    /// <summary>Remind finance before the deadline.</summary>
    Remind,

    /// <summary>The deadline passed without a decision: expire and report.</summary>
    Expire,

    /// <summary>Pay the approved lines and publish the payout.</summary>
    Pay,

    /// <summary>Return everything of a rejected or expired run to the pool.</summary>
    Release,

    /// <summary>Close the period's tiers, before collecting, so the run pays the tier lines.</summary>
    CloseTiers,
}
