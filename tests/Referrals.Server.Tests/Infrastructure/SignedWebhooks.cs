using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Referrals.Core.Webhooks;

namespace Referrals.Server.Tests.Infrastructure;

/// <summary>Sends webhooks signed exactly as Stripe, Paddle or a shop signs them, over the raw bytes sent.</summary>
public sealed class SignedWebhooks(HttpClient client)
{
    public const string StripeSecret = "whsec_9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    public const string PaddleSecret = "pdl_ntfset_01gkpjp8bkm3tm53kdgkx6sms7_6h3qd3uFSi9YCD3OLYAShQI90XTI5vEI";
    public const string GenericSecret = "generic-shop-secret-0123456789abcdef";

    public static string SecretOf(WebhookProvider provider) => provider switch
    {
        WebhookProvider.Stripe => StripeSecret,
        WebhookProvider.Paddle => PaddleSecret,
        _ => GenericSecret,
    };

    public static string PathOf(WebhookProvider provider, string programId) => $"/webhooks/{provider.ToString().ToLowerInvariant()}/{programId}";

    /// <summary>Sets the program's secret for the provider, as an admin would.</summary>
    public static async Task ConfigureAsync(ApiClient api, string programId, WebhookProvider provider)
    {
        ArgumentNullException.ThrowIfNull(api);
        using var response = await api.Client.PutAsJsonAsync($"/api/v1/programs/{programId}/integrations/{provider.ToString().ToLowerInvariant()}", new { webhookSecret = SecretOf(provider) });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    public static string Serialize(object payload) => JsonSerializer.Serialize(payload);

    /// <summary>Posts <paramref name="body"/> signed now (or at <paramref name="signedAt"/>) with the provider's secret, or with <paramref name="header"/> as given.</summary>
    public async Task<HttpResponseMessage> SendAsync(WebhookProvider provider, string programId, string body, DateTimeOffset? signedAt = null, string? secret = null, string? header = null, bool withSignature = true)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, PathOf(provider, programId)) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        if (withSignature)
        {
            var value = header ?? WebhookSignature.CreateHeader(provider, bytes, secret ?? SecretOf(provider), (signedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds());
            request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName(provider), value);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Sends and expects 200; returns the answer.</summary>
    public async Task<JsonElement> DeliverAsync(WebhookProvider provider, string programId, string body)
    {
        using var response = await SendAsync(provider, programId, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"The {provider} webhook answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string StripeCheckout(string eventId, long amountTotal, long tax, string? clickId = null, string? code = null, string paymentIntent = "pi_1", string currency = "eur") => Serialize(new
    {
        id = eventId,
        @object = "event",
        type = "checkout.session.completed",
        created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        livemode = false,
        data = new
        {
            @object = new
            {
                id = "cs_test_" + eventId,
                @object = "checkout.session",
                mode = "payment",
                payment_status = "paid",
                amount_subtotal = amountTotal - tax,
                amount_total = amountTotal,
                total_details = new { amount_discount = 0, amount_shipping = 0, amount_tax = tax },
                currency,
                customer = "cus_buyer1",
                customer_details = new { email = "buyer@example.com" },
                client_reference_id = clickId,
                metadata = code is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["ref_code"] = code },
                payment_intent = paymentIntent,
            },
        },
    });

    public static string StripeRefund(string eventId, long amount, long amountRefunded, long previouslyRefunded, string paymentIntent = "pi_1", string currency = "eur") => Serialize(new
    {
        id = eventId,
        @object = "event",
        type = "charge.refunded",
        created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        data = new
        {
            @object = new
            {
                id = "ch_1",
                @object = "charge",
                amount,
                amount_refunded = amountRefunded,
                refunded = amountRefunded == amount,
                currency,
                customer = "cus_buyer1",
                payment_intent = paymentIntent,
            },
            previous_attributes = new { amount_refunded = previouslyRefunded, refunded = false },
        },
    });

    public static string PaddleTransaction(string eventId, string transactionId, long total, long tax, string? clickId = null, string? code = null, string origin = "web") => Serialize(new
    {
        event_id = eventId,
        event_type = "transaction.completed",
        occurred_at = DateTimeOffset.UtcNow.ToString("O"),
        notification_id = "ntf_" + eventId,
        data = new
        {
            id = transactionId,
            status = "completed",
            customer_id = "ctm_01buyer",
            currency_code = "EUR",
            origin,
            custom_data = new { ref_click = clickId, ref_code = code },
            items = new[] { new { price = new { id = "pri_1", product_id = "pro_1" }, quantity = 1 } },
            details = new { totals = new { subtotal = (total - tax).ToString(System.Globalization.CultureInfo.InvariantCulture), discount = "0", tax = tax.ToString(System.Globalization.CultureInfo.InvariantCulture), total = total.ToString(System.Globalization.CultureInfo.InvariantCulture), currency_code = "EUR" } },
        },
    });

    public static string PaddleAdjustment(string eventId, string adjustmentId, string transactionId, long subtotal, string status, string action = "refund", string type = "adjustment.created") => Serialize(new
    {
        event_id = eventId,
        event_type = type,
        occurred_at = DateTimeOffset.UtcNow.ToString("O"),
        notification_id = "ntf_" + eventId,
        data = new
        {
            id = adjustmentId,
            action,
            status,
            transaction_id = transactionId,
            customer_id = "ctm_01buyer",
            currency_code = "EUR",
            reason = "requested by customer",
            totals = new { subtotal = subtotal.ToString(System.Globalization.CultureInfo.InvariantCulture), tax = "0", total = subtotal.ToString(System.Globalization.CultureInfo.InvariantCulture), currency_code = "EUR" },
        },
    });
}
