namespace Referrals.Core.Reconciliation;

/// <summary>A recorded refund of a payment, keyed by the payment's conversion id, while a reconciliation sums them.</summary>
public sealed record RecordedRefund(string PaymentConversionId, string RefundConversionId, long Amount);
