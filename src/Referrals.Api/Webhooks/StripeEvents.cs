using System.Text.Json;
using Referrals.Core.Conversions;
using Referrals.Core.Tracking;

namespace Referrals.Api.Webhooks;

/// <summary>
/// Maps Stripe events to conversions. The event <c>id</c> is the idempotency key; amounts are minor
/// units; the commission base is what was paid without tax. Payments are found again by their payment
/// intent, which is what refunds and disputes name.
/// </summary>
/// <remarks>
/// A subscription's payments come from <c>invoice.paid</c> (the first one a sale, later cycles
/// renewals), so <c>checkout.session.completed</c> counts only one-time payments (<c>mode: payment</c>):
/// counting both would pay twice for a subscription's first invoice. For subscriptions, put
/// <c>ref_click</c> / <c>ref_code</c> in the subscription's metadata (Checkout's
/// <c>subscription_data.metadata</c>); Stripe copies it onto every invoice.
/// <para>
/// A subscription payment is recorded under its invoice id. Refunds and disputes name the payment intent
/// (or the charge), so the invoice's other ids are linked to it: from the invoice itself in API versions
/// before 2025-03-31 (<c>payment_intent</c>, <c>charge</c>) or when its <c>payments</c> are expanded, and in
/// current versions from <c>invoice_payment.paid</c>, whose <c>InvoicePayment</c> names the invoice and the
/// <c>payment.payment_intent</c> or <c>payment.charge</c> that paid it. The link may come before or after the
/// invoice and the refund; a refund whose payment is not known yet waits for it (bounded).
/// </para>
/// </remarks>
public static class StripeEvents
{
    public const string Source = "stripe";

    public static WebhookMapping Map(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || root.String("id") is not { } eventId || root.String("type") is not { } type)
        {
            return new WebhookMapping.Refuse("A Stripe event needs 'id' and 'type'.");
        }

        if (root.Path("data", "object") is not { ValueKind: JsonValueKind.Object } data)
        {
            return new WebhookMapping.Refuse("A Stripe event needs 'data.object'.");
        }

        DateTimeOffset? occurredAt = root.Long("created") is { } created ? DateTimeOffset.FromUnixTimeSeconds(created) : null;
        return type switch
        {
            "checkout.session.completed" or "checkout.session.async_payment_succeeded" => CheckoutSession(eventId, data, occurredAt),
            "invoice.paid" => Invoice(eventId, data, occurredAt),
            "invoice_payment.paid" => InvoicePayment(data),
            "charge.refunded" => Refund(eventId, data, root.Path("data", "previous_attributes"), occurredAt),
            "charge.dispute.created" => Dispute(eventId, data, ConversionType.Chargeback, occurredAt),
            "charge.dispute.closed" => data.String("status") switch
            {
                "won" => Dispute(eventId, data, ConversionType.Reinstatement, occurredAt),
                var status => new WebhookMapping.Ignore($"The dispute closed as '{status}': a chargeback's reversal stays unless the dispute is won."),
            },
            _ => new WebhookMapping.Ignore($"Stripe events of type '{type}' are not used."),
        };
    }

    private static WebhookMapping CheckoutSession(string eventId, JsonElement session, DateTimeOffset? occurredAt)
    {
        if (session.String("mode") is { } mode && mode != "payment")
        {
            return new WebhookMapping.Ignore($"A '{mode}' Checkout session is counted from its invoices (invoice.paid), not here.");
        }

        if (session.String("payment_status") != "paid")
        {
            return new WebhookMapping.Ignore("The Checkout session is not paid yet; checkout.session.async_payment_succeeded will follow.");
        }

        if (session.Long("amount_total") is not { } total)
        {
            return new WebhookMapping.Refuse("A paid Checkout session needs 'amount_total'.");
        }

        var tax = session.Long("total_details", "amount_tax") ?? 0;
        var clickId = AsClickId(session.String("client_reference_id")) ?? AsClickId(session.String("metadata", "ref_click"));
        var code = session.String("metadata", "ref_code") ?? PromotionCode(session);
        var draft = new ConversionDraft(
            eventId,
            ConversionType.Sale,
            Math.Max(0, total - tax),
            Currency(session),
            session.String("customer") ?? session.String("customer_details", "email"),
            clickId,
            code,
            session.String("metadata", "product_id"),
            occurredAt);
        return new WebhookMapping.Record(draft, new PaymentDetails(PaymentReference: session.String("payment_intent") ?? session.String("id"), PaidAmount: total));
    }

    private static WebhookMapping Invoice(string eventId, JsonElement invoice, DateTimeOffset? occurredAt)
    {
        var type = invoice.String("billing_reason") switch
        {
            "subscription_create" => ConversionType.Sale,
            "subscription_cycle" => (ConversionType?)ConversionType.Renewal,
            _ => null,
        };
        if (type is null)
        {
            return new WebhookMapping.Ignore($"Invoices billed for '{invoice.String("billing_reason")}' are not counted; only a subscription's first payment and its cycles are.");
        }

        var paid = invoice.Long("amount_paid") ?? 0;
        if (paid <= 0)
        {
            return new WebhookMapping.Ignore("Nothing was paid on this invoice (a trial or a full discount).");
        }

        // API versions before 2025-03-31 give 'tax'; later ones list 'total_taxes'.
        var tax = invoice.Long("tax") ?? invoice.Array("total_taxes").Sum(t => t.Long("amount") ?? 0);
        var metadata = new[]
        {
            invoice.Path("metadata"),
            invoice.Path("subscription_details", "metadata"),
            invoice.Path("parent", "subscription_details", "metadata"),
        };
        var draft = new ConversionDraft(
            eventId,
            type,
            Math.Max(0, paid - tax),
            Currency(invoice),
            invoice.String("customer") ?? invoice.String("customer_email"),
            AsClickId(metadata.Select(m => m?.String("ref_click")).FirstOrDefault(v => v is not null)),
            metadata.Select(m => m?.String("ref_code")).FirstOrDefault(v => v is not null),
            null,
            occurredAt);
        var aliases = new[] { Id(invoice, "payment_intent"), Id(invoice, "charge") }
            .Concat(invoice.Array("payments", "data").SelectMany(p => new[] { Id(p, "payment", "payment_intent"), Id(p, "payment", "charge") }))
            .OfType<string>()
            .ToList();
        var reference = invoice.String("id") ?? aliases.FirstOrDefault();
        return new WebhookMapping.Record(draft, new PaymentDetails(PaymentReference: reference, PaidAmount: paid, Aliases: aliases));
    }

    /// <summary>An <c>InvoicePayment</c> that is paid: its invoice is known by its payment intent or charge from now on.</summary>
    private static WebhookMapping InvoicePayment(JsonElement invoicePayment)
    {
        if (invoicePayment.String("status") is { } status && status != "paid")
        {
            return new WebhookMapping.Ignore($"The invoice payment is '{status}'; only paid ones link an invoice to its payment.");
        }

        var aliases = new[] { Id(invoicePayment, "payment", "payment_intent"), Id(invoicePayment, "payment", "charge") }.OfType<string>().ToList();
        if (Id(invoicePayment, "invoice") is not { } invoiceId || aliases.Count == 0)
        {
            return new WebhookMapping.Refuse("A paid invoice payment needs 'invoice' and 'payment.payment_intent' or 'payment.charge'.");
        }

        return new WebhookMapping.Link(invoiceId, aliases);
    }

    private static WebhookMapping Refund(string eventId, JsonElement charge, JsonElement? previous, DateTimeOffset? occurredAt)
    {
        if (charge.Long("amount_refunded") is not { } refunded || refunded <= 0)
        {
            return new WebhookMapping.Refuse("A refunded charge needs 'amount_refunded'.");
        }

        // The charge carries the total refunded so far; the refund of this event is the growth since the previous state.
        var before = previous?.Long("amount_refunded") ?? 0;
        var draft = new ConversionDraft(
            eventId,
            ConversionType.Refund,
            refunded > before ? refunded - before : refunded,
            Currency(charge),
            charge.String("customer") ?? charge.String("billing_details", "email"),
            OccurredAt: occurredAt);
        return new WebhookMapping.Record(draft, new PaymentDetails(OriginalPaymentReference: charge.String("payment_intent") ?? charge.String("id"), RefundedTotal: refunded));
    }

    private static WebhookMapping Dispute(string eventId, JsonElement dispute, ConversionType type, DateTimeOffset? occurredAt)
    {
        if (dispute.Long("amount") is not { } amount || (dispute.String("payment_intent") ?? dispute.String("charge")) is not { } original)
        {
            return new WebhookMapping.Refuse("A dispute needs 'amount' and 'payment_intent' or 'charge'.");
        }

        var draft = new ConversionDraft(eventId, type, amount, Currency(dispute), null, OccurredAt: occurredAt);
        return new WebhookMapping.Record(draft, new PaymentDetails(PaymentReference: dispute.String("id"), OriginalPaymentReference: original));
    }

    /// <summary>An expandable field: the id as a string, or the expanded object's <c>id</c>.</summary>
    private static string? Id(JsonElement element, params string[] path) =>
        element.String(path) ?? element.String([.. path, "id"]);

    private static string? Currency(JsonElement element) => element.String("currency")?.ToUpperInvariant();

    /// <summary>The code the buyer typed, when Stripe sent the promotion code expanded (an id alone does not say which code it was).</summary>
    private static string? PromotionCode(JsonElement session) =>
        session.Array("discounts").Select(d => d.String("promotion_code", "code")).FirstOrDefault(code => code is not null);

    /// <summary>A value that is not one of our click ids (a shop's own reference) is no evidence, and no reason to refuse the payment.</summary>
    // Stripe keeps a client_reference_id only of letters, digits, '-' and '_', so shops pass a click id with '_' for '.' (no part of an id has either).
    internal static string? AsClickId(string? value) =>
        value?.Replace('_', '.') is { } id && ClickId.TryParse(id, out _) ? id : null;
}
