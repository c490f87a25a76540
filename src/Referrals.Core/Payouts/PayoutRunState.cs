namespace Referrals.Core.Payouts;

/// <summary>Where a payout run is. <see cref="PayoutRunMachine.CanMove"/> says which moves are allowed.</summary>
public enum PayoutRunState
{
    /// <summary>Commissions whose hold passed are being approved.</summary>
    Collecting,

    /// <summary>One line per partner is being computed.</summary>
    Calculating,

    /// <summary>Finance has been asked to decide; the deadline runs.</summary>
    AwaitingDecision,

    /// <summary>Finance approved every line; paying.</summary>
    Approved,

    /// <summary>Finance approved with some lines held back; paying the others.</summary>
    PartiallyApproved,

    /// <summary>Finance rejected the run: its commissions return to the pool for the next run.</summary>
    Rejected,

    /// <summary>No decision by the deadline: reported, nothing paid, commissions return to the pool.</summary>
    Expired,

    /// <summary>The approved lines are paid and the payout file is ready.</summary>
    Paid,
}
