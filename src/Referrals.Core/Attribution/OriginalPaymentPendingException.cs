namespace Referrals.Core.Attribution;

/// <summary>
/// A refund, chargeback or reinstatement arrived while the payment it changes still waits for its own
/// attribution, or before that payment (or the provider's link to it) was reported. Thrown so the queue
/// delivers the message again a little later, by then in order.
/// </summary>
public sealed class OriginalPaymentPendingException : AttributionPendingException
{
    public OriginalPaymentPendingException()
    {
    }

    public OriginalPaymentPendingException(string message)
        : base(message)
    {
    }

    public OriginalPaymentPendingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public OriginalPaymentPendingException(string paymentConversionId, string adjustmentConversionId)
        : base($"Conversion {adjustmentConversionId} changes conversion {paymentConversionId}, which is not attributed yet; retry later.")
    {
    }
}
