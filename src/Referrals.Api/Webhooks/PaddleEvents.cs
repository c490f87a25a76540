using System.Globalization;
using System.Text.Json;
using Referrals.Core.Conversions;
using Referrals.Core.Tracking;

namespace Referrals.Api.Webhooks;

/// <summary>
/// Maps Paddle Billing events to conversions. Amounts are strings of minor units. The commission base
/// of a transaction is its total after discount without tax (<c>details.totals.total − tax</c>); an
/// adjustment's base is its <c>totals.subtotal</c> (before tax), so refunds are on the same scale.
/// </summary>
/// <remarks>
/// A transaction's idempotency key is the event's <c>event_id</c>. An adjustment's is the adjustment's
/// own id: Paddle may tell of the same approved adjustment in <c>adjustment.created</c> and again in
/// <c>adjustment.updated</c>, and it must be reversed once.
/// </remarks>
public static class PaddleEvents
{
    public const string Source = "paddle";

    public static WebhookMapping Map(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || root.String("event_id") is not { } eventId || root.String("event_type") is not { } type)
        {
            return new WebhookMapping.Refuse("A Paddle event needs 'event_id' and 'event_type'.");
        }

        if (root.Path("data") is not { ValueKind: JsonValueKind.Object } data)
        {
            return new WebhookMapping.Refuse("A Paddle event needs 'data'.");
        }

        DateTimeOffset? occurredAt = root.String("occurred_at") is { } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
        return type switch
        {
            "transaction.completed" => Transaction(eventId, data, occurredAt),
            "adjustment.created" or "adjustment.updated" => Adjustment(data, occurredAt),
            _ => new WebhookMapping.Ignore($"Paddle events of type '{type}' are not used."),
        };
    }

    private static WebhookMapping Transaction(string eventId, JsonElement transaction, DateTimeOffset? occurredAt)
    {
        if (transaction.Long("details", "totals", "total") is not { } total || transaction.String("id") is not { } transactionId)
        {
            return new WebhookMapping.Refuse("A completed transaction needs 'id' and 'details.totals.total'.");
        }

        var tax = transaction.Long("details", "totals", "tax") ?? 0;
        var net = Math.Max(0, total - tax);
        if (net == 0)
        {
            return new WebhookMapping.Ignore("Nothing was paid on this transaction (a trial or a full discount).");
        }

        var renewal = transaction.String("origin") == "subscription_recurring";
        var clickId = transaction.String("custom_data", "ref_click");
        var draft = new ConversionDraft(
            eventId,
            renewal ? ConversionType.Renewal : ConversionType.Sale,
            net,
            transaction.String("currency_code")?.ToUpperInvariant(),
            transaction.String("customer_id"),
            clickId is not null && ClickId.TryParse(clickId, out _) ? clickId : null,
            transaction.String("custom_data", "ref_code"),
            transaction.Array("items").Select(item => item.String("price", "product_id")).FirstOrDefault(id => id is not null),
            occurredAt);
        return new WebhookMapping.Record(draft, new PaymentDetails(PaymentReference: transactionId));
    }

    private static WebhookMapping Adjustment(JsonElement adjustment, DateTimeOffset? occurredAt)
    {
        var status = adjustment.String("status");
        if (status != "approved")
        {
            return new WebhookMapping.Ignore($"The adjustment is '{status}'; only approved adjustments change commissions.");
        }

        var type = adjustment.String("action") switch
        {
            "refund" => ConversionType.Refund,
            "chargeback" => ConversionType.Chargeback,
            "chargeback_reverse" => (ConversionType?)ConversionType.Reinstatement,
            _ => null,
        };
        if (type is null)
        {
            return new WebhookMapping.Ignore($"Adjustments with action '{adjustment.String("action")}' do not change commissions.");
        }

        if (adjustment.String("id") is not { } adjustmentId || adjustment.String("transaction_id") is not { } transactionId
            || adjustment.Long("totals", "subtotal") is not { } subtotal)
        {
            return new WebhookMapping.Refuse("An adjustment needs 'id', 'transaction_id' and 'totals.subtotal'.");
        }

        var draft = new ConversionDraft(
            adjustmentId,
            type,
            Math.Abs(subtotal),
            (adjustment.String("currency_code") ?? adjustment.String("totals", "currency_code"))?.ToUpperInvariant(),
            adjustment.String("customer_id"),
            OccurredAt: occurredAt);
        return new WebhookMapping.Record(draft, new PaymentDetails(OriginalPaymentReference: transactionId));
    }
}
