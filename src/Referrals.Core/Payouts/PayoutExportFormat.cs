namespace Referrals.Core.Payouts;

/// <summary>The files a paid run exports to besides the generic payout CSV.</summary>
public enum PayoutExportFormat
{
    /// <summary>A PayPal Payouts Web batch: the lines of partners paid by PayPal.</summary>
    PayPal = 1,

    /// <summary>A Wise batch payment to IBANs: the lines of partners paid by Wise or bank transfer.</summary>
    Wise = 2,

    /// <summary>An accounting journal (Xero manual journal import): every paid line, expense against payables.</summary>
    Journal = 3,
}
