namespace Referrals.Core.Reconciliation;

/// <summary>Where a payment of the export (or a recorded one) ends up.</summary>
public enum ReconciliationCategory
{
    /// <summary>In the export and recorded, with the same amount, currency and refunds.</summary>
    Matched,

    /// <summary>In the export, never recorded: a webhook we did not get. Replay records it.</summary>
    Missing,

    /// <summary>In the export and recorded, but the amount, currency or refunded amount differs.</summary>
    Differing,

    /// <summary>Recorded within the export's time range, but not in the export.</summary>
    Extra,
}
