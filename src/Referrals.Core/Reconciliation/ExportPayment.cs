using Referrals.Core.Conversions;

namespace Referrals.Core.Reconciliation;

/// <summary>
/// One payment as a provider's export lists it. <see cref="References"/> are the ids to look it up by,
/// in order (Stripe: payment intent, invoice, charge), the same references the webhook mapping records.
/// <see cref="Paid"/> is what the buyer paid (tax included), compared with <see cref="Conversion.Paid"/>;
/// <see cref="Refunded"/> is null when the export does not say. <see cref="Replay"/> is what a webhook
/// for this payment would have recorded, so a missing payment can be taken in the same way.
/// </summary>
public sealed record ExportPayment(
    long Line,
    string Source,
    IReadOnlyList<string> References,
    DateTimeOffset CreatedAt,
    Money Paid,
    long? Refunded,
    ConversionDraft Replay,
    PaymentDetails ReplayPayment)
{
    /// <summary>The provider's id of the payment, as finance finds it in the provider's dashboard.</summary>
    public string PaymentId => References[0];
}
