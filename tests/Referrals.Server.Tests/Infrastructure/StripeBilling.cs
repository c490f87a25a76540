namespace Referrals.Server.Tests.Infrastructure;

/// <summary>
/// Stripe Billing events shaped as Stripe's API reference shows them for the current API version
/// (2025-03-31 and later, where an invoice names no payment intent or charge and an <c>InvoicePayment</c>
/// links them), and the older invoice shape that named its payment intent itself.
/// </summary>
public static class StripeBilling
{
    public const string ApiVersion = "2025-03-31.basil";

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static object Event(string eventId, string type, object data) => new Dictionary<string, object?>
    {
        ["id"] = eventId,
        ["object"] = "event",
        ["api_version"] = ApiVersion,
        ["created"] = Now,
        ["data"] = data,
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["request"] = new { id = (string?)null, idempotency_key = (string?)null },
        ["type"] = type,
    };

    /// <summary><c>invoice.paid</c> for a subscription invoice: <paramref name="amountPaid"/> with <paramref name="tax"/> in <c>total_taxes</c>.</summary>
    public static string InvoicePaid(
        string eventId, string invoiceId, long amountPaid, long tax, string customer = "cus_sub1", string billingReason = "subscription_create",
        string? clickId = null, string? legacyPaymentIntent = null, string? legacyCharge = null)
    {
        var invoice = new Dictionary<string, object?>
        {
            ["id"] = invoiceId,
            ["object"] = "invoice",
            ["account_country"] = "DE",
            ["amount_due"] = amountPaid,
            ["amount_overpaid"] = 0,
            ["amount_paid"] = amountPaid,
            ["amount_remaining"] = 0,
            ["attempt_count"] = 1,
            ["attempted"] = true,
            ["billing_reason"] = billingReason,
            ["collection_method"] = "charge_automatically",
            ["created"] = Now,
            ["currency"] = "eur",
            ["customer"] = customer,
            ["customer_email"] = "subscriber@example.com",
            ["livemode"] = false,
            ["metadata"] = new Dictionary<string, string>(),
            ["parent"] = new
            {
                quote_details = (object?)null,
                subscription_details = new
                {
                    metadata = clickId is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["ref_click"] = clickId },
                    subscription = "sub_" + customer,
                },
                type = "subscription_details",
            },
            ["status"] = "paid",
            ["status_transitions"] = new { finalized_at = Now, marked_uncollectible_at = (long?)null, paid_at = Now, voided_at = (long?)null },
            ["subtotal"] = amountPaid - tax,
            ["subtotal_excluding_tax"] = amountPaid - tax,
            ["total"] = amountPaid,
            ["total_excluding_tax"] = amountPaid - tax,
            ["total_taxes"] = tax == 0 ? Array.Empty<object>() : new object[]
            {
                new { amount = tax, tax_behavior = "exclusive", tax_rate_details = new { tax_rate = "txr_19" }, taxability_reason = "standard_rated", taxable_amount = amountPaid - tax, type = "tax_rate_details" },
            },
        };
        if (legacyPaymentIntent is not null || legacyCharge is not null)
        {
            // API versions before 2025-03-31: the invoice named its payment itself, and had 'tax'.
            invoice.Remove("total_taxes");
            invoice["tax"] = tax;
            invoice["payment_intent"] = legacyPaymentIntent;
            invoice["charge"] = legacyCharge;
        }

        return SignedWebhooks.Serialize(Event(eventId, "invoice.paid", new { @object = invoice }));
    }

    /// <summary><c>invoice_payment.paid</c>: the <c>InvoicePayment</c> linking <paramref name="invoiceId"/> to the payment intent that paid it.</summary>
    public static string InvoicePaymentPaid(string eventId, string invoiceId, string paymentIntent, long amountPaid) =>
        SignedWebhooks.Serialize(Event(eventId, "invoice_payment.paid", new
        {
            @object = new
            {
                id = "inpay_" + eventId,
                @object = "invoice_payment",
                amount_paid = amountPaid,
                amount_requested = amountPaid,
                created = Now,
                currency = "eur",
                invoice = invoiceId,
                is_default = true,
                livemode = false,
                payment = new { payment_intent = paymentIntent, type = "payment_intent" },
                status = "paid",
                status_transitions = new { canceled_at = (long?)null, paid_at = Now },
            },
        }));

    /// <summary><c>charge.refunded</c> of a charge of <paramref name="paymentIntent"/>: a charge names no invoice in the current API.</summary>
    public static string ChargeRefunded(string eventId, string chargeId, string paymentIntent, long amount, long amountRefunded, long previouslyRefunded, string customer = "cus_sub1") =>
        SignedWebhooks.Serialize(Event(eventId, "charge.refunded", new
        {
            @object = new
            {
                id = chargeId,
                @object = "charge",
                amount,
                amount_captured = amount,
                amount_refunded = amountRefunded,
                captured = true,
                created = Now,
                currency = "eur",
                customer,
                livemode = false,
                paid = true,
                payment_intent = paymentIntent,
                refunded = amountRefunded == amount,
                status = "succeeded",
            },
            previous_attributes = new { amount_refunded = previouslyRefunded, refunded = false },
        }));

    /// <summary><c>charge.dispute.created</c> for <paramref name="amount"/> of a charge of <paramref name="paymentIntent"/>.</summary>
    public static string DisputeCreated(string eventId, string disputeId, string chargeId, string paymentIntent, long amount) =>
        SignedWebhooks.Serialize(Event(eventId, "charge.dispute.created", new
        {
            @object = new
            {
                id = disputeId,
                @object = "dispute",
                amount,
                charge = chargeId,
                created = Now,
                currency = "eur",
                is_charge_refundable = false,
                livemode = false,
                metadata = new Dictionary<string, string>(),
                payment_intent = paymentIntent,
                reason = "fraudulent",
                status = "needs_response",
            },
        }));
}
