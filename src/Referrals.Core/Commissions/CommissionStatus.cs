namespace Referrals.Core.Commissions;

/// <summary>Where a commission is on its way to being paid.</summary>
public enum CommissionStatus
{
    /// <summary>Earned, inside the hold period (the refund window).</summary>
    Pending,

    /// <summary>Hold passed; waits for the next payout run.</summary>
    Approved,

    /// <summary>Paid out.</summary>
    Paid,

    /// <summary>Waiting for a manager's review (fraud check).</summary>
    Flagged,

    /// <summary>Refused by a manager or reversed in full.</summary>
    Rejected,
}
