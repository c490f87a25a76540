namespace Referrals.Core.Attribution;

/// <summary>Which rule credited the conversion, in the order they are tried.</summary>
public enum AttributionMethod
{
    Click,
    ReferralCode,
    Unattributed,

    /// <summary>A refund, chargeback or reinstatement goes to the partner credited with the payment it changes.</summary>
    OriginalPayment,
}
