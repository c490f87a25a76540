namespace Referrals.Core.Attribution;

/// <summary>Which rule credited the conversion, in the order they are tried.</summary>
public enum AttributionMethod
{
    Click,
    ReferralCode,

    /// <summary>A renewal (or, under first click, a later sale) stays with the partner who first brought the customer.</summary>
    CustomerLock,

    /// <summary>A partner registered the customer (by id or e-mail) before the sale.</summary>
    RegisteredLead,
    Unattributed,

    /// <summary>A refund, chargeback or reinstatement goes to the partner credited with the payment it changes.</summary>
    OriginalPayment,
}
