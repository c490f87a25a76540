namespace Referrals.Core.Payouts;

/// <summary>What happens to a partner's line in a run.</summary>
public enum PayoutLineStatus
{
    /// <summary>At or above the minimum: paid when the run is approved.</summary>
    Payable,

    /// <summary>Below the minimum, zero or negative: the balance carries over to the next period.</summary>
    Carried,

    /// <summary>Held back by finance (with a reason): carries over to the next period.</summary>
    Held,

    /// <summary>Paid.</summary>
    Paid,
}
