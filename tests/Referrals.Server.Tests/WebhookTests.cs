using System.Net;
using System.Text.Json;
using Referrals.Core.Webhooks;
using Referrals.Server.Tests.Infrastructure;

namespace Referrals.Server.Tests;

/// <summary>Payment providers' webhooks, signed as the providers sign them, through to commissions and reversals.</summary>
public sealed class WebhookTests : ServerTest
{
    private SignedWebhooks Hooks => new(Visitor);

    private async Task<(string ProgramId, string PartnerId, string ClickId)> ProgramWithClickAsync(WebhookProvider provider)
    {
        var programId = await Api.CreateProgramAsync(new { kind = "percent", percent = 20 });
        var partnerId = await Api.CreatePartnerAsync(programId);
        var code = (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;
        var clickId = await ApiClient.ClickAsync(Visitor, code);
        await SignedWebhooks.ConfigureAsync(Api, programId, provider);
        return (programId, partnerId, clickId);
    }

    private async Task<JsonElement[]> CommissionsAsync(string programId) =>
        [.. (await Api.GetAsync($"/api/v1/programs/{programId}/commissions")).EnumerateArray()];

    [Fact]
    public async Task Stripe_checkout_after_a_click_earns_a_commission_on_the_amount_without_tax()
    {
        var (programId, partnerId, clickId) = await ProgramWithClickAsync(WebhookProvider.Stripe);

        var answer = await Hooks.DeliverAsync(WebhookProvider.Stripe, programId, SignedWebhooks.StripeCheckout("evt_checkout_1", amountTotal: 11_900, tax: 1_900, clickId: clickId));
        var conversion = await Api.AttributedConversionAsync(programId, answer.GetProperty("conversionId").GetString()!);

        Assert.Equal("recorded", answer.GetProperty("status").GetString());
        Assert.Equal("stripe", conversion.GetProperty("source").GetString());
        Assert.Equal("click", conversion.GetProperty("attribution").GetProperty("method").GetString());
        Assert.Equal(10_000, conversion.GetProperty("amount").GetInt64());
        var commission = Assert.Single(await CommissionsAsync(programId));
        Assert.Equal(partnerId, commission.GetProperty("partnerId").GetString());
        Assert.Equal(2_000, commission.GetProperty("amount").GetInt64());
        Assert.Equal(10_000, commission.GetProperty("baseAmount").GetInt64());
    }

    [Fact]
    public async Task Stripe_partial_refund_then_the_rest_nets_the_commission_to_zero()
    {
        var (programId, partnerId, clickId) = await ProgramWithClickAsync(WebhookProvider.Stripe);
        var sale = await Hooks.DeliverAsync(WebhookProvider.Stripe, programId, SignedWebhooks.StripeCheckout("evt_checkout_2", amountTotal: 3_333, tax: 0, clickId: clickId, paymentIntent: "pi_refund"));
        await Api.AttributedConversionAsync(programId, sale.GetProperty("conversionId").GetString()!);

        var first = await Hooks.DeliverAsync(WebhookProvider.Stripe, programId, SignedWebhooks.StripeRefund("evt_refund_1", amount: 3_333, amountRefunded: 1_000, previouslyRefunded: 0, paymentIntent: "pi_refund"));
        var partial = await Api.AttributedConversionAsync(programId, first.GetProperty("conversionId").GetString()!);
        var second = await Hooks.DeliverAsync(WebhookProvider.Stripe, programId, SignedWebhooks.StripeRefund("evt_refund_2", amount: 3_333, amountRefunded: 3_333, previouslyRefunded: 1_000, paymentIntent: "pi_refund"));
        var rest = await Api.AttributedConversionAsync(programId, second.GetProperty("conversionId").GetString()!);

        Assert.Equal("refund", partial.GetProperty("type").GetString());
        Assert.Equal("originalPayment", partial.GetProperty("attribution").GetProperty("method").GetString());
        Assert.Equal(2_333, rest.GetProperty("amount").GetInt64());
        var commissions = await CommissionsAsync(programId);
        Assert.Equal(3, commissions.Length);
        Assert.Equal(0, commissions.Sum(c => c.GetProperty("amount").GetInt64()));
        var firstReversal = commissions.Single(c => c.GetProperty("conversionId").GetString() == partial.GetProperty("id").GetString());
        Assert.Equal(-200, firstReversal.GetProperty("amount").GetInt64());
        Assert.Contains("reverses 2.00 EUR of the 6.67 EUR commission", firstReversal.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        var stats = await Eventually.ReturnsAsync(
            () => Api.GetAsync($"/api/v1/partners/{partnerId}/stats"),
            s => s.GetProperty("earnings").GetInt64() == 0 && s.GetProperty("revenue").GetInt64() == 0);
        Assert.Equal(1, stats.GetProperty("sales").GetInt64());
    }

    [Fact]
    public async Task Paddle_completed_transaction_earns_a_commission_on_the_total_without_tax()
    {
        var (programId, partnerId, clickId) = await ProgramWithClickAsync(WebhookProvider.Paddle);

        var answer = await Hooks.DeliverAsync(WebhookProvider.Paddle, programId, SignedWebhooks.PaddleTransaction("evt_01paddle1", "txn_01a", total: 5_950, tax: 950, clickId: clickId));
        var conversion = await Api.AttributedConversionAsync(programId, answer.GetProperty("conversionId").GetString()!);

        Assert.Equal("sale", conversion.GetProperty("type").GetString());
        Assert.Equal("pro_1", conversion.GetProperty("productId").GetString());
        var commission = Assert.Single(await CommissionsAsync(programId));
        Assert.Equal(partnerId, commission.GetProperty("partnerId").GetString());
        Assert.Equal(1_000, commission.GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task Paddle_refund_changes_the_commission_only_once_approved_and_only_once()
    {
        var (programId, _, clickId) = await ProgramWithClickAsync(WebhookProvider.Paddle);
        var sale = await Hooks.DeliverAsync(WebhookProvider.Paddle, programId, SignedWebhooks.PaddleTransaction("evt_01paddle2", "txn_01b", total: 10_000, tax: 0, clickId: clickId));
        await Api.AttributedConversionAsync(programId, sale.GetProperty("conversionId").GetString()!);

        var pending = await Hooks.DeliverAsync(WebhookProvider.Paddle, programId, SignedWebhooks.PaddleAdjustment("evt_01adj1", "adj_01a", "txn_01b", 2_500, "pending_approval"));
        Assert.Equal("ignored", pending.GetProperty("status").GetString());
        Assert.Single(await CommissionsAsync(programId));

        var approved = await Hooks.DeliverAsync(WebhookProvider.Paddle, programId, SignedWebhooks.PaddleAdjustment("evt_01adj2", "adj_01a", "txn_01b", 2_500, "approved", type: "adjustment.updated"));
        await Api.AttributedConversionAsync(programId, approved.GetProperty("conversionId").GetString()!);
        var again = await Hooks.DeliverAsync(WebhookProvider.Paddle, programId, SignedWebhooks.PaddleAdjustment("evt_01adj3", "adj_01a", "txn_01b", 2_500, "approved", type: "adjustment.updated"));

        Assert.True(again.GetProperty("duplicate").GetBoolean());
        var commissions = await CommissionsAsync(programId);
        Assert.Equal(2, commissions.Length);
        Assert.Equal(-500, commissions.Single(c => c.GetProperty("amount").GetInt64() < 0).GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task Generic_sale_signed_by_the_shop_is_credited_to_its_referral_code()
    {
        var programId = await Api.CreateProgramAsync(new { kind = "flat", amount = 700 });
        var partnerId = await Api.CreatePartnerAsync(programId);
        await Api.PostAsync($"/api/v1/programs/{programId}/codes", new { partnerId, code = "ADA10" }, HttpStatusCode.Created);
        await SignedWebhooks.ConfigureAsync(Api, programId, WebhookProvider.Generic);

        var body = SignedWebhooks.Serialize(new { eventId = "order-77", type = "sale", amount = 4_999, currency = "EUR", customerId = "cus_7", code = "ada10" });
        var answer = await Hooks.DeliverAsync(WebhookProvider.Generic, programId, body);
        var conversion = await Api.AttributedConversionAsync(programId, answer.GetProperty("conversionId").GetString()!);

        Assert.Equal("generic", conversion.GetProperty("source").GetString());
        Assert.Equal("referralCode", conversion.GetProperty("attribution").GetProperty("method").GetString());
        Assert.Equal(700, Assert.Single(await CommissionsAsync(programId)).GetProperty("amount").GetInt64());
    }

    public static TheoryData<string> RefusedDeliveries => new() { "forged", "wrong secret", "stale", "from the future", "unsigned", "malformed header", "not configured", "unknown program" };

    [Theory]
    [MemberData(nameof(RefusedDeliveries))]
    public async Task Refused_delivery_is_400_with_a_problem_and_stores_nothing(string how)
    {
        // No click here: the click's stats are projected in the background and would change the row counts.
        var programId = await Api.CreateProgramAsync();
        await SignedWebhooks.ConfigureAsync(Api, programId, WebhookProvider.Stripe);
        var body = SignedWebhooks.StripeCheckout("evt_refused", 5_000, 0);
        var now = DateTimeOffset.UtcNow;
        var valid = WebhookSignature.CreateHeader(WebhookProvider.Stripe, System.Text.Encoding.UTF8.GetBytes(body), SignedWebhooks.StripeSecret, now.ToUnixTimeSeconds());
        var before = await App.CountRowsAsync();

        using var response = how switch
        {
            "forged" => await Hooks.SendAsync(WebhookProvider.Stripe, programId, body.Replace("5000", "500000", StringComparison.Ordinal), header: valid),
            "wrong secret" => await Hooks.SendAsync(WebhookProvider.Stripe, programId, body, secret: "whsec_someone_elses_secret_1234"),
            "stale" => await Hooks.SendAsync(WebhookProvider.Stripe, programId, body, signedAt: now.AddMinutes(-6)),
            "from the future" => await Hooks.SendAsync(WebhookProvider.Stripe, programId, body, signedAt: now.AddMinutes(6)),
            "unsigned" => await Hooks.SendAsync(WebhookProvider.Stripe, programId, body, withSignature: false),
            "malformed header" => await Hooks.SendAsync(WebhookProvider.Stripe, programId, body, header: "sha256=deadbeef"),
            "not configured" => await Hooks.SendAsync(WebhookProvider.Paddle, programId, body),
            _ => await Hooks.SendAsync(WebhookProvider.Stripe, "prg_nothere", body),
        };

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await Task.Delay(300);
        Assert.Equal(before, await App.CountRowsAsync());
    }

    [Fact]
    public async Task Two_hundred_concurrent_copies_of_one_Stripe_event_yield_one_conversion_and_one_commission()
    {
        var (programId, partnerId, clickId) = await ProgramWithClickAsync(WebhookProvider.Stripe);
        var body = SignedWebhooks.StripeCheckout("evt_storm", 20_000, 0, clickId);

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            using var response = await Hooks.SendAsync(WebhookProvider.Stripe, programId, body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }));

        var conversionId = Assert.Single(answers.Select(a => a.GetProperty("conversionId").GetString()).Distinct());
        Assert.Single(answers, a => !a.GetProperty("duplicate").GetBoolean());
        await Api.AttributedConversionAsync(programId, conversionId!);
        await Task.Delay(500);
        Assert.Equal(4_000, Assert.Single(await CommissionsAsync(programId)).GetProperty("amount").GetInt64());
        var stats = await Api.GetAsync($"/api/v1/partners/{partnerId}/stats");
        Assert.Equal(1, stats.GetProperty("sales").GetInt64());
        var rows = await App.CountRowsAsync();
        Assert.Equal(1, rows[App.Prefix + "Conversions"]);
    }

    [Fact]
    public async Task Unknown_event_type_is_acknowledged_and_only_kept_as_ignored()
    {
        var programId = await Api.CreateProgramAsync();
        await SignedWebhooks.ConfigureAsync(Api, programId, WebhookProvider.Stripe);
        var before = await App.CountRowsAsync();
        var body = SignedWebhooks.Serialize(new { id = "evt_other", type = "customer.created", created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), data = new { @object = new { id = "cus_1" } } });

        var answer = await Hooks.DeliverAsync(WebhookProvider.Stripe, programId, body);

        Assert.Equal("ignored", answer.GetProperty("status").GetString());
        Assert.Contains("customer.created", answer.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var after = await App.CountRowsAsync();
        Assert.Equal(2, after[App.Prefix + "IgnoredEvents"] - before.GetValueOrDefault(App.Prefix + "IgnoredEvents"));
        Assert.Equal(before.Where(t => !t.Key.EndsWith("IgnoredEvents", StringComparison.Ordinal)), after.Where(t => !t.Key.EndsWith("IgnoredEvents", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Webhook_secrets_are_never_returned_nor_stored_in_the_clear()
    {
        var (programId, partnerId, clickId) = await ProgramWithClickAsync(WebhookProvider.Stripe);
        await SignedWebhooks.ConfigureAsync(Api, programId, WebhookProvider.Paddle);
        await SignedWebhooks.ConfigureAsync(Api, programId, WebhookProvider.Generic);
        var answer = await Hooks.DeliverAsync(WebhookProvider.Stripe, programId, SignedWebhooks.StripeCheckout("evt_secret", 1_000, 0, clickId));
        var conversionId = answer.GetProperty("conversionId").GetString()!;
        await Api.AttributedConversionAsync(programId, conversionId);

        var everything = string.Join('\n', await Task.WhenAll(
            new[]
            {
                $"/api/v1/programs/{programId}",
                $"/api/v1/programs/{programId}/conversions/{conversionId}",
                $"/api/v1/programs/{programId}/commissions",
                $"/api/v1/partners/{partnerId}",
                $"/api/v1/partners/{partnerId}/stats",
                "/openapi/v1.json",
            }.Select(path => Api.Client.GetStringAsync(new Uri(path, UriKind.Relative)))));
        var stored = new Azure.Data.Tables.TableServiceClient(App.ConnectionString).GetTableClient(App.Prefix + "IntegrationSecrets");
        var rows = new List<string>();
        await foreach (var row in stored.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            rows.Add(JsonSerializer.Serialize(row) + System.Text.Encoding.UTF8.GetString(row.GetBinary("Secret")));
        }

        Assert.Equal(3, rows.Count);
        foreach (var secret in new[] { SignedWebhooks.StripeSecret, SignedWebhooks.PaddleSecret, SignedWebhooks.GenericSecret })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
            Assert.All(rows, row => Assert.DoesNotContain(secret, row, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("stripe", "{\"webhookSecret\":\"short\"}", HttpStatusCode.BadRequest)]
    [InlineData("stripe", "{}", HttpStatusCode.BadRequest)]
    [InlineData("paypal", "{\"webhookSecret\":\"whsec_0123456789abcdef\"}", HttpStatusCode.NotFound)]
    public async Task Bad_integration_settings_are_refused(string provider, string body, HttpStatusCode expected)
    {
        var programId = await Api.CreateProgramAsync();

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await Api.Client.PutAsync($"/api/v1/programs/{programId}/integrations/{provider}", content);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Setting_a_webhook_secret_needs_the_admin_key()
    {
        var programId = await Api.CreateProgramAsync();

        using var content = new StringContent("{\"webhookSecret\":\"whsec_0123456789abcdef\"}", System.Text.Encoding.UTF8, "application/json");
        using var response = await Visitor.PutAsync($"/api/v1/programs/{programId}/integrations/stripe", content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
