using System.Net;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using Referrals.Core.Webhooks;
using Referrals.Server.Tests.Infrastructure;

namespace Referrals.Server.Tests;

/// <summary>Correctly signed events that cannot be used: answered 200, kept, listed for the manager and processed again on request.</summary>
public sealed class IgnoredEventTests : ServerTest
{
    private SignedWebhooks Hooks => new(Visitor);

    [Fact]
    public async Task A_signed_Paddle_replay_older_than_a_year_is_answered_200_ignored_and_listed_with_its_reason()
    {
        var programId = await Api.CreateProgramAsync();
        await SignedWebhooks.ConfigureAsync(Api, programId, WebhookProvider.Paddle);
        var body = SignedWebhooks.PaddleTransaction("evt_01old", "txn_01old", total: 5_000, tax: 0)
            .Replace(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddDays(-400).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var answer = await Hooks.DeliverAsync(WebhookProvider.Paddle, programId, body);
        var listed = Assert.Single((await Api.GetAsync($"/api/v1/programs/{programId}/ignored-events")).EnumerateArray());

        Assert.Equal("ignored", answer.GetProperty("status").GetString());
        Assert.Contains("occurredAt", answer.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("paddle", listed.GetProperty("provider").GetString());
        Assert.Equal("evt_01old", listed.GetProperty("eventId").GetString());
        Assert.Equal("transaction.completed", listed.GetProperty("type").GetString());
        Assert.Equal(answer.GetProperty("reason").GetString(), listed.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_signed_Stripe_refund_missing_its_amount_is_ignored_not_refused()
    {
        var programId = await Api.CreateProgramAsync();
        await SignedWebhooks.ConfigureAsync(Api, programId, WebhookProvider.Stripe);
        var body = SignedWebhooks.Serialize(new { id = "evt_noamount", type = "charge.refunded", created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), data = new { @object = new { id = "ch_1", currency = "eur", payment_intent = "pi_1" } } });

        using var response = await Hooks.SendAsync(WebhookProvider.Stripe, programId, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ignored", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        Assert.Equal("evt_noamount", Assert.Single((await Api.GetAsync($"/api/v1/programs/{programId}/ignored-events")).EnumerateArray()).GetProperty("eventId").GetString());
    }

    [Fact]
    public async Task Retrying_an_ignored_event_runs_it_again_and_records_the_new_outcome()
    {
        var programId = await Api.CreateProgramAsync();
        await SignedWebhooks.ConfigureAsync(Api, programId, WebhookProvider.Stripe);
        await Hooks.DeliverAsync(WebhookProvider.Stripe, programId, SignedWebhooks.Serialize(new { id = "evt_other", type = "customer.created", created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), data = new { @object = new { id = "cus_1" } } }));

        var retried = await Api.PostAsync($"/api/v1/programs/{programId}/ignored-events/evt_other/retry", new { }, HttpStatusCode.OK);
        var listed = Assert.Single((await Api.GetAsync($"/api/v1/programs/{programId}/ignored-events")).EnumerateArray());

        Assert.Equal("ignored", retried.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("retriedAt").ValueKind);
        await Api.PostAsync($"/api/v1/programs/{programId}/ignored-events/evt_unknown/retry", new { }, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_event_kept_while_it_could_not_be_used_is_recorded_on_retry_once_and_only_once()
    {
        // As kept by a version that did not use this event yet: the cause is fixed, the stored body is the same.
        var (programId, partnerId, clickId) = await ProgramWithClickAsync();
        var body = System.Text.Encoding.UTF8.GetBytes(SignedWebhooks.StripeCheckout("evt_later", amountTotal: 5_000, tax: 0, clickId: clickId));
        var store = App.Services.GetRequiredService<IIgnoredEventStore>();
        await store.KeepAsync(IgnoredEvent.Of(programId, "stripe", "evt_later", "checkout.session.completed", "Not used by this version.", DateTimeOffset.UtcNow, body), CancellationToken.None);

        var first = await Api.PostAsync($"/api/v1/programs/{programId}/ignored-events/evt_later/retry", new { }, HttpStatusCode.OK);
        var again = await Api.PostAsync($"/api/v1/programs/{programId}/ignored-events/evt_later/retry", new { }, HttpStatusCode.OK);
        await Api.AttributedConversionAsync(programId, first.GetProperty("conversionId").GetString()!);

        Assert.Equal("recorded", first.GetProperty("status").GetString());
        Assert.False(first.GetProperty("duplicate").GetBoolean());
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.GetProperty("conversionId").GetString(), again.GetProperty("conversionId").GetString());
        var commission = Assert.Single((await Api.GetAsync($"/api/v1/programs/{programId}/commissions")).EnumerateArray());
        Assert.Equal(partnerId, commission.GetProperty("partnerId").GetString());
        var listed = Assert.Single((await Api.GetAsync($"/api/v1/programs/{programId}/ignored-events")).EnumerateArray());
        Assert.StartsWith("Retried: recorded", listed.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    private async Task<(string ProgramId, string PartnerId, string ClickId)> ProgramWithClickAsync()
    {
        var programId = await Api.CreateProgramAsync(new { kind = "percent", percent = 20 });
        var partnerId = await Api.CreatePartnerAsync(programId);
        var code = (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;
        var clickId = await ApiClient.ClickAsync(Visitor, code);
        await SignedWebhooks.ConfigureAsync(Api, programId, WebhookProvider.Stripe);
        return (programId, partnerId, clickId);
    }

    [Fact]
    public async Task The_list_pages_newest_first_and_refuses_a_bad_limit_or_token()
    {
        var programId = await Api.CreateProgramAsync();
        await SignedWebhooks.ConfigureAsync(Api, programId, WebhookProvider.Stripe);
        foreach (var n in Enumerable.Range(1, 3))
        {
            await Hooks.DeliverAsync(WebhookProvider.Stripe, programId, SignedWebhooks.Serialize(new { id = $"evt_{n}", type = "customer.created", created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), data = new { @object = new { id = "cus_1" } } }));
        }

        using var first = await Api.Client.GetAsync($"/api/v1/programs/{programId}/ignored-events?limit=2");
        var page = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Select(e => e.GetProperty("eventId").GetString()!).ToArray();
        var next = first.Headers.GetValues("Link").Single().Split('<', '>')[1];
        var rest = (await Api.GetAsync(next)).EnumerateArray().Select(e => e.GetProperty("eventId").GetString()!).ToArray();

        Assert.Equal<string[]>(["evt_3", "evt_2"], page);
        Assert.Equal<string[]>(["evt_1"], rest);
        await Api.GetAsync($"/api/v1/programs/{programId}/ignored-events?limit=101", HttpStatusCode.BadRequest);
        await Api.GetAsync($"/api/v1/programs/{programId}/ignored-events?continuation=bm9wZQ", HttpStatusCode.BadRequest);
    }
}
