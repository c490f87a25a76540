using Referrals.Core.Conversions;

namespace Referrals.Api.Webhooks;

/// <summary>What a provider's verified event means to the pipeline.</summary>
public abstract record WebhookMapping
{
    private WebhookMapping()
    {
    }

    /// <summary>Record a conversion; the draft's event id is the idempotency key.</summary>
    public sealed record Record(ConversionDraft Draft, PaymentDetails? Payment) : WebhookMapping;

    /// <summary>
    /// No conversion, but the provider tells that the payment it knows as <paramref name="PaymentReference"/> is
    /// also <paramref name="Aliases"/> (Stripe's <c>invoice_payment.paid</c>); answered 200 <c>linked</c>.
    /// </summary>
    public sealed record Link(string PaymentReference, IReadOnlyList<string> Aliases) : WebhookMapping;

    /// <summary>Nothing to record (an event type we do not use, an unpaid session, a pending refund); answered 200.</summary>
    public sealed record Ignore(string Reason) : WebhookMapping;

    /// <summary>The event cannot be read (fields missing or of the wrong kind); answered 400.</summary>
    public sealed record Refuse(string Problem) : WebhookMapping;
}
