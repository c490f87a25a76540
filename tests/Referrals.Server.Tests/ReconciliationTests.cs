using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Referrals.Core.Webhooks;
using Referrals.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Referrals.Storage;

namespace Referrals.Server.Tests;

/// <summary>
/// Reconciliation end to end through HTTP over Azurite: a provider export compared with what the webhooks
/// recorded, the missing payments replayed through the webhooks' ingestion, and bad exports refused whole.
/// </summary>
public sealed class ReconciliationTests : ServerTest
{
    private const string Header =
        "id,Description,Created (UTC),Amount,Amount Refunded,Currency,Converted Amount,Converted Amount Refunded,Fee,Tax,Converted Currency,Mode,Status," +
        "Statement Descriptor,Customer ID,Customer Description,Customer Email,Captured,Card ID,Card Last4,Card Brand,Invoice ID,PaymentIntent ID," +
        "ref_click (metadata),ref_code (metadata)";

    private SignedWebhooks Hooks => new(Visitor);

    private static string Minute(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A row of Stripe's payments export for a paid card payment.</summary>
    private static string Row(string charge, DateTimeOffset created, string amount, string paymentIntent, string refunded = "0.00", string? clickId = null, string invoice = "", string status = "Paid") =>
        $"{charge},Payment for order,{Minute(created)},{amount},{refunded},eur,{amount},{refunded},1.75,0.00,eur,Test,{status},ACME SHOP,cus_buyer1,,buyer@example.com,true," +
        $"card_1,4242,Visa,{invoice},{paymentIntent},{clickId?.Replace('.', '_')},";

    private async Task<(string ProgramId, string PartnerId, string ClickId)> ProgramWithClickAsync()
    {
        var programId = await Api.CreateProgramAsync(new { kind = "percent", percent = 20 });
        var partnerId = await Api.CreatePartnerAsync(programId);
        var code = (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;
        var clickId = await ApiClient.ClickAsync(Visitor, code);
        await SignedWebhooks.ConfigureAsync(Api, programId, WebhookProvider.Stripe);
        return (programId, partnerId, clickId);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(string programId, string content, string contentType = "text/csv", string query = "")
    {
        using var body = new StringContent(content, Encoding.UTF8);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await Api.Client.PostAsync($"/api/v1/programs/{programId}/reconciliations{query}", body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<JsonElement> ReconcileAsync(string programId, string content, string contentType = "text/csv")
    {
        var (status, body) = await UploadAsync(programId, content, contentType);
        Assert.True(status == HttpStatusCode.Created, $"The reconciliation answered {(int)status}: {body}");
        return body;
    }

    private async Task<JsonElement[]> CommissionsAsync(string programId) =>
        [.. (await Api.GetAsync($"/api/v1/programs/{programId}/commissions")).EnumerateArray()];

    [Fact]
    public async Task A_payment_we_never_received_is_missing_and_replay_records_it_once_with_its_commission()
    {
        var (programId, _, clickId) = await ProgramWithClickAsync();
        var seen = await Hooks.DeliverAsync(WebhookProvider.Stripe, programId, SignedWebhooks.StripeCheckout("evt_seen", 11_900, 1_900, clickId, paymentIntent: "pi_seen"));
        await Api.AttributedConversionAsync(programId, seen.GetProperty("conversionId").GetString()!);
        var now = DateTimeOffset.UtcNow;
        var export = string.Join('\n', Header,
            Row("ch_seen", now.AddMinutes(-2), "119.00", "pi_seen"),
            Row("ch_lost", now.AddMinutes(-1), "50.00", "pi_lost", clickId: clickId));

        var reconciliation = await ReconcileAsync(programId, export);

        Assert.Equal("stripe-payments", reconciliation.GetProperty("format").GetString());
        Assert.Equal(1, reconciliation.GetProperty("matched").GetInt64());
        Assert.Equal(1, reconciliation.GetProperty("missing").GetInt64());
        Assert.Equal(0, reconciliation.GetProperty("differing").GetInt64());
        Assert.Equal(0, reconciliation.GetProperty("extra").GetInt64());
        var id = reconciliation.GetProperty("id").GetString()!;
        var missing = (await Api.GetAsync($"/api/v1/programs/{programId}/reconciliations/{id}/items?category=missing")).EnumerateArray().ToArray();
        Assert.Equal("pi_lost", Assert.Single(missing).GetProperty("paymentId").GetString());
        Assert.Equal(3, missing[0].GetProperty("line").GetInt64());

        var replay = await Api.PostAsync($"/api/v1/programs/{programId}/reconciliations/{id}/replay", new { }, HttpStatusCode.OK);
        var created = Assert.Single(replay.GetProperty("created").EnumerateArray()).GetString()!;
        var conversion = await Api.AttributedConversionAsync(programId, created);
        Assert.Equal("click", conversion.GetProperty("attribution").GetProperty("method").GetString());
        var commissions = await CommissionsAsync(programId);
        Assert.Equal(2, commissions.Length);
        Assert.Equal(1_000, commissions.Single(c => c.GetProperty("conversionId").GetString() == created).GetProperty("amount").GetInt64());

        var again = await Api.PostAsync($"/api/v1/programs/{programId}/reconciliations/{id}/replay", new { }, HttpStatusCode.OK);
        Assert.Empty(again.GetProperty("created").EnumerateArray());
        Assert.Equal(1, again.GetProperty("duplicates").GetInt32());
        var late = await Hooks.DeliverAsync(WebhookProvider.Stripe, programId, SignedWebhooks.StripeCheckout("evt_lost_late", 5_000, 0, clickId, paymentIntent: "pi_lost"));
        Assert.True(late.GetProperty("duplicate").GetBoolean());
        Assert.Equal(created, late.GetProperty("conversionId").GetString());
        Assert.Equal(2, (await CommissionsAsync(programId)).Length);
    }

    [Fact]
    public async Task Replay_of_a_payment_without_attribution_data_records_an_unattributed_conversion()
    {
        var (programId, _, _) = await ProgramWithClickAsync();
        var export = string.Join('\n', Header, Row("ch_plain", DateTimeOffset.UtcNow.AddMinutes(-5), "30.00", "pi_plain"));
        var id = (await ReconcileAsync(programId, export)).GetProperty("id").GetString()!;

        var replay = await Api.PostAsync($"/api/v1/programs/{programId}/reconciliations/{id}/replay", new { }, HttpStatusCode.OK);

        var conversion = await Api.AttributedConversionAsync(programId, Assert.Single(replay.GetProperty("created").EnumerateArray()).GetString()!);
        Assert.Equal("unattributed", conversion.GetProperty("attribution").GetProperty("method").GetString());
        Assert.Empty(await CommissionsAsync(programId));
    }

    [Fact]
    public async Task Amounts_and_refunds_that_differ_and_recorded_payments_the_export_lacks_are_reported()
    {
        var (programId, _, clickId) = await ProgramWithClickAsync();
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        await Hooks.DeliverAsync(WebhookProvider.Stripe, programId, SignedWebhooks.StripeCheckout("evt_a", 10_000, 0, clickId, paymentIntent: "pi_a"));
        await Hooks.DeliverAsync(WebhookProvider.Stripe, programId, SignedWebhooks.StripeCheckout("evt_b", 4_000, 0, clickId, paymentIntent: "pi_b"));
        await Hooks.DeliverAsync(WebhookProvider.Stripe, programId, SignedWebhooks.StripeCheckout("evt_c", 2_000, 0, clickId, paymentIntent: "pi_c"));
        await Hooks.DeliverAsync(WebhookProvider.Stripe, programId, SignedWebhooks.StripeRefund("evt_c_refund", 2_000, 500, 0, paymentIntent: "pi_c"));
        var export = string.Join('\n', Header,
            Row("ch_a", start, "90.00", "pi_a"),
            Row("ch_c", start.AddMinutes(1), "20.00", "pi_c", refunded: "10.00", status: "Partially refunded"),
            Row("ch_failed", start.AddMinutes(2), "12.00", "pi_failed", status: "Failed"),
            Row("ch_new", DateTimeOffset.UtcNow.AddMinutes(1), "15.00", "pi_new"));

        var reconciliation = await ReconcileAsync(programId, export);

        Assert.Equal(3, reconciliation.GetProperty("rows").GetInt64());
        Assert.Equal(1, reconciliation.GetProperty("skipped").GetInt64());
        Assert.Equal(2, reconciliation.GetProperty("differing").GetInt64());
        Assert.Equal(1, reconciliation.GetProperty("extra").GetInt64());
        var id = reconciliation.GetProperty("id").GetString()!;
        var differing = (await Api.GetAsync($"/api/v1/programs/{programId}/reconciliations/{id}/items?category=differing")).EnumerateArray().ToArray();
        Assert.Contains(differing, item => item.GetProperty("paymentId").GetString() == "pi_a" && item.GetProperty("differences").GetString()!.StartsWith("amount", StringComparison.Ordinal));
        Assert.Contains(differing, item => item.GetProperty("paymentId").GetString() == "pi_c" && item.GetProperty("recordedRefunded").GetInt64() == 500 && item.GetProperty("exportRefunded").GetInt64() == 1_000);
        var extra = Assert.Single((await Api.GetAsync($"/api/v1/programs/{programId}/reconciliations/{id}/items?category=extra")).EnumerateArray());
        Assert.Equal("pi_b", extra.GetProperty("paymentId").GetString());

        using var file = await Api.Client.GetAsync($"/api/v1/programs/{programId}/reconciliations/{id}/items.csv");
        Assert.Equal("text/csv", file.Content.Headers.ContentType?.MediaType);
        var lines = (await file.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("category,payment_id,line", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, line => line.StartsWith("missing,pi_new,5,", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("extra,pi_b,", StringComparison.Ordinal) && line.Contains(",40.00,", StringComparison.Ordinal));
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public async Task A_stripe_events_dump_is_matched_and_replayed_under_the_events_own_ids()
    {
        var (programId, _, clickId) = await ProgramWithClickAsync();
        await Hooks.DeliverAsync(WebhookProvider.Stripe, programId, SignedWebhooks.StripeCheckout("evt_one", 3_000, 0, clickId, paymentIntent: "pi_one"));
        var missedEvent = SignedWebhooks.StripeCheckout("evt_two", 6_000, 1_000, clickId, paymentIntent: "pi_two");
        var dump = string.Join('\n',
            SignedWebhooks.StripeCheckout("evt_one", 3_000, 0, clickId, paymentIntent: "pi_one"),
            missedEvent,
            SignedWebhooks.StripeRefund("evt_one_refund", 3_000, 3_000, 0, paymentIntent: "pi_one"));

        var reconciliation = await ReconcileAsync(programId, dump, "application/x-ndjson");
        var id = reconciliation.GetProperty("id").GetString()!;
        var replay = await Api.PostAsync($"/api/v1/programs/{programId}/reconciliations/{id}/replay", new { }, HttpStatusCode.OK);

        Assert.Equal("stripe-events", reconciliation.GetProperty("format").GetString());
        Assert.Equal(1, reconciliation.GetProperty("matched").GetInt64());
        Assert.Equal(1, reconciliation.GetProperty("missing").GetInt64());
        Assert.Equal(1, reconciliation.GetProperty("skipped").GetInt64());
        var created = Assert.Single(replay.GetProperty("created").EnumerateArray()).GetString()!;
        var late = await Hooks.DeliverAsync(WebhookProvider.Stripe, programId, missedEvent);
        Assert.True(late.GetProperty("duplicate").GetBoolean());
        Assert.Equal(created, late.GetProperty("conversionId").GetString());
    }

    [Fact]
    public async Task A_malformed_amount_on_line_7_is_refused_naming_the_line_and_stores_nothing()
    {
        var (programId, _, _) = await ProgramWithClickAsync();
        var now = DateTimeOffset.UtcNow;
        var rows = Enumerable.Range(1, 8).Select(n => Row($"ch_{n}", now.AddMinutes(-n), n == 6 ? "12,5O" : "10.00", $"pi_{n}")).ToArray();
        rows[5] = rows[5].Replace(",12,5O,", ",\"12,5O\",", StringComparison.Ordinal);

        var (status, problem) = await UploadAsync(programId, string.Join('\n', [Header, .. rows]));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(7, problem.GetProperty("line").GetInt64());
        Assert.StartsWith("Line 7: 'Amount'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNothingStoredAsync(programId);
    }

    [Fact]
    public async Task An_export_of_unknown_layout_is_refused_and_stores_nothing()
    {
        var (programId, _, _) = await ProgramWithClickAsync();

        var (status, problem) = await UploadAsync(programId, "Date,Reference,Value\n2026-01-01,abc,10.00\n");
        var (namedStatus, namedProblem) = await UploadAsync(programId, "Date,Reference,Value\n2026-01-01,abc,10.00\n", query: "?format=stripe-payments");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(1, problem.GetProperty("line").GetInt64());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, namedStatus);
        Assert.Contains("lacks 'id'", namedProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNothingStoredAsync(programId);
    }

    [Fact]
    public async Task An_export_that_is_not_utf8_is_refused_and_stores_nothing()
    {
        var (programId, _, _) = await ProgramWithClickAsync();
        var bytes = Encoding.UTF8.GetBytes(Header + "\n" + Row("ch_1", DateTimeOffset.UtcNow, "10.00", "pi_1").Replace("buyer@", "b\u00e9@", StringComparison.Ordinal));
        var broken = bytes.Select(b => b == 0xA9 ? (byte)0x28 : b).ToArray();
        using var body = new ByteArrayContent(broken);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");

        using var response = await Api.Client.PostAsync($"/api/v1/programs/{programId}/reconciliations", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("UTF-8", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertNothingStoredAsync(programId);
    }

    [Fact]
    public async Task Bad_requests_are_problems_that_name_what_to_fix()
    {
        var (programId, _, _) = await ProgramWithClickAsync();

        var (unknownFormat, _) = await UploadAsync(programId, Header + "\n", query: "?format=excel");
        var (empty, _) = await UploadAsync(programId, string.Empty);
        var (unknownProgram, _) = await UploadAsync("prg_nosuchprogram", Header + "\n");
        await Api.GetAsync($"/api/v1/programs/{programId}/reconciliations/rec_unknown", HttpStatusCode.NotFound);
        await Api.GetAsync($"/api/v1/programs/{programId}/reconciliations/rec_unknown/items?category=lost", HttpStatusCode.BadRequest);
        await Api.PostAsync($"/api/v1/programs/{programId}/reconciliations/rec_unknown/replay", new { }, HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.BadRequest, unknownFormat);
        Assert.Equal(HttpStatusCode.BadRequest, empty);
        Assert.Equal(HttpStatusCode.NotFound, unknownProgram);
    }

    private async Task AssertNothingStoredAsync(string programId)
    {
        Assert.Empty((await Api.GetAsync($"/api/v1/programs/{programId}/reconciliations")).EnumerateArray());
        var account = App.Services.GetRequiredService<StorageAccount>();
        var items = account.GetTableClient("ReconciliationItems");
        var stored = 0;
        await foreach (var _ in items.QueryAsync<TableEntity>(maxPerPage: 1))
        {
            stored++;
        }

        Assert.Equal(0, stored);
    }
}
