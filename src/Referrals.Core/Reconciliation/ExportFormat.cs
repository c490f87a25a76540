namespace Referrals.Core.Reconciliation;

/// <summary>The provider exports a reconciliation reads.</summary>
public enum ExportFormat
{
    /// <summary>Stripe Dashboard's payments export (CSV).</summary>
    StripePayments,

    /// <summary>Stripe events, one JSON object per line (the Events API or <c>stripe events list</c>).</summary>
    StripeEvents,

    /// <summary>Paddle Billing's transactions report (CSV).</summary>
    PaddleTransactions,
}
