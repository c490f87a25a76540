namespace Referrals.Core.Attribution;

/// <summary>
/// How long attribution waits for something it knows is on its way, counted from when the waiting
/// conversion was received. While it waits, <see cref="AttributeConversion"/> throws an
/// <see cref="AttributionPendingException"/> and the message is delivered again a little later; past the
/// bound it decides with what it has. Keep every bound below what the event bus retries (Service Bus: about
/// 6 minutes).
/// </summary>
/// <param name="ForPayment">
/// A refund, chargeback or reinstatement whose payment is not known yet: the payment, or the provider's link
/// to it (Stripe's <c>invoice_payment.paid</c>), may arrive after it.
/// </param>
/// <param name="ForFirstSale">A renewal (or a sale without click or code) whose customer's earlier sale is recorded but not attributed yet.</param>
/// <param name="ForUnknownFirstSale">
/// A renewal of a customer with no sale on record at all: providers do not promise order, so the first
/// sale may still be on its way. Short, as most such customers were never brought by a partner.
/// </param>
public sealed record AttributionWaits(TimeSpan ForPayment, TimeSpan ForFirstSale, TimeSpan ForUnknownFirstSale)
{
    /// <summary>Five minutes for a payment or a first sale in flight, ten seconds for a first sale nobody reported yet.</summary>
    public static AttributionWaits Default { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(10));
}
