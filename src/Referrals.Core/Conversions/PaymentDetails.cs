namespace Referrals.Core.Conversions;

/// <summary>
/// How a payment provider names the money behind a conversion, so a later refund or chargeback can find
/// the payment it changes. Shops using the API or the generic webhook do not need it: there the event id
/// is the payment's reference and <c>originalEventId</c> names the payment a refund is for.
/// </summary>
/// <param name="PaymentReference">The provider's id of this payment (Stripe payment intent, Paddle transaction) or of this dispute.</param>
/// <param name="OriginalPaymentReference">For a refund, chargeback or reinstatement: the reference of the payment it changes.</param>
/// <param name="PaidAmount">What the buyer paid, tax included, when that differs from the commission base; refunds are a share of it.</param>
/// <param name="RefundedTotal">For a refund: everything refunded on the payment so far, when the provider reports it (Stripe's <c>amount_refunded</c>).</param>
/// <param name="Aliases">
/// Other ids the provider uses for this same payment (a Stripe invoice's payment intent and charge): a
/// refund or dispute naming any of them finds the payment.
/// </param>
public sealed record PaymentDetails(
    string? PaymentReference = null,
    string? OriginalPaymentReference = null,
    long? PaidAmount = null,
    long? RefundedTotal = null,
    IReadOnlyList<string>? Aliases = null);
