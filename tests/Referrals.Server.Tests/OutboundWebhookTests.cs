using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Referrals.Server.Tests.Infrastructure;
using StandardWebhooks;

namespace Referrals.Server.Tests;

/// <summary>
/// Outbound webhooks end to end: endpoints registered through the API, events caused by real sales, delivered
/// by the server's queue worker to a receiver on 127.0.0.1, and checked with the <c>StandardWebhooks</c> verifier.
/// </summary>
public sealed class OutboundWebhookTests
{
    /// <summary>The server with short retry delays (0.2 s, then 0.4 s unless <paramref name="retryDelays"/> says otherwise).</summary>
    private static async Task<ReferralsApp> StartAppAsync(IDictionary<string, string?>? settings = null, string[]? retryDelays = null)
    {
        var all = new Dictionary<string, string?>();
        var delays = retryDelays ?? ["00:00:00.200", "00:00:00.400"];
        for (var i = 0; i < delays.Length; i++)
        {
            all[$"Referrals:Webhooks:RetryDelays:{i}"] = delays[i];
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new ReferralsApp(await SharedAzurite.GetAsync(), all);
    }

    /// <summary>A program with a partner and a referral code, so a sale with that code earns a commission.</summary>
    private static async Task<(string ProgramId, string PartnerId, string Code)> ProgramWithCodeAsync(ApiClient api)
    {
        var programId = await api.CreateProgramAsync();
        var partnerId = await api.CreatePartnerAsync(programId);
        var code = "HOOKS" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        await api.PostAsync($"/api/v1/programs/{programId}/codes", new { partnerId, code }, HttpStatusCode.Created);
        return (programId, partnerId, code);
    }

    private static async Task<(string Id, string Secret)> RegisterAsync(ApiClient api, string programId, string url, params string[] events)
    {
        var created = await api.PostAsync($"/api/v1/programs/{programId}/webhook-endpoints", new { url, events, description = "shop" }, HttpStatusCode.Created);
        return (created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
    }

    [Fact]
    public async Task A_sale_reaches_the_receiver_as_commission_created_that_the_StandardWebhooks_verifier_accepts()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await StartAppAsync();
        var api = new ApiClient(app.CreateAdminClient());
        var (programId, partnerId, code) = await ProgramWithCodeAsync(api);
        var (_, secret) = await RegisterAsync(api, programId, receiver.Url, "commission.created", "conversion.attributed");
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);

        var sale = await api.RecordSaleAsync(programId, "evt-hooks-1", 10_000, code: code);

        var hook = Assert.Single(await receiver.WaitForAsync("commission.created"));
        new StandardWebhook(secret).Verify(hook.Body, hook.Headers);
        Assert.Equal(partnerId, hook.Data.GetProperty("partnerId").GetString());
        Assert.Equal(2_000, hook.Data.GetProperty("amount").GetInt64());
        Assert.Equal("EUR", hook.Data.GetProperty("currency").GetString());
        Assert.False(string.IsNullOrEmpty(hook.Data.GetProperty("explanation").GetString()));
        var attributed = Assert.Single(await receiver.WaitForAsync("conversion.attributed"));
        new StandardWebhook(secret).Verify(attributed.Body, attributed.Headers);
        Assert.Equal(sale.GetProperty("conversionId").GetString(), attributed.Data.GetProperty("id").GetString());
        Assert.Equal("referralCode", attributed.Data.GetProperty("attribution").GetProperty("method").GetString());
    }

    [Fact]
    public async Task A_payout_run_reaches_the_receiver_as_awaiting_decision_then_paid()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await StartAppAsync();
        var api = new ApiClient(app.CreateAdminClient());
        var programId = (await api.PostAsync("/api/v1/programs", new
        {
            name = "Payout hooks",
            currency = "EUR",
            allowedHosts = new[] { "shop.example.com" },
            plan = new { kind = "percent", percent = 20 },
            holdDays = 0,
            minimumPayout = 1_000,
        }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var partnerId = await api.CreatePartnerAsync(programId);
        var (_, secret) = await RegisterAsync(api, programId, receiver.Url, "payout_run.awaiting_decision", "payout_run.paid");
        var store = new Referrals.Storage.Commissions.TableCommissionStore(new Referrals.Storage.StorageAccount(new Referrals.Storage.StorageOptions { ConnectionString = app.ConnectionString, Prefix = app.Prefix }));
        var conversionId = Referrals.Core.Identifiers.New("cv");
        await store.TryCreateAsync(
            new Referrals.Core.Commissions.Commission(Referrals.Core.Commissions.Commission.IdFor(conversionId), programId, partnerId, conversionId, Referrals.Core.Commissions.CommissionStatus.Pending, new Referrals.Core.Money(3_700, "EUR"), new Referrals.Core.Money(18_500, "EUR"), Referrals.Core.Commissions.CommissionPlanKind.Percent, 20m, "sale", DateTimeOffset.UtcNow.AddDays(-1)),
            default);
        var run = await api.PostAsync($"/api/v1/programs/{programId}/payout-runs", new { periodEnd = DateTimeOffset.UtcNow.AddSeconds(-1) }, HttpStatusCode.Created);
        var runId = run.GetProperty("id").GetString()!;

        var awaiting = Assert.Single(await receiver.WaitForAsync("payout_run.awaiting_decision"));
        Assert.Equal(runId, awaiting.Data.GetProperty("id").GetString());
        Assert.Equal(3_700, awaiting.Data.GetProperty("totals").GetProperty("payable").GetInt64());
        await api.PostAsync($"/api/v1/payout-runs/{runId}/decision", new { decision = "approve", reason = "checked" }, HttpStatusCode.OK);

        var paid = Assert.Single(await receiver.WaitForAsync("payout_run.paid"));
        new StandardWebhook(secret).Verify(paid.Body, paid.Headers);
        Assert.Equal(runId, paid.Data.GetProperty("id").GetString());
        Assert.Equal(3_700, paid.Data.GetProperty("paidAmount").GetInt64());
        Assert.Equal("paid", paid.Data.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_signature_made_with_another_secret_is_rejected_by_the_verifier()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await StartAppAsync();
        var api = new ApiClient(app.CreateAdminClient());
        var (programId, _, code) = await ProgramWithCodeAsync(api);
        await RegisterAsync(api, programId, receiver.Url, "commission.created");
        await api.RecordSaleAsync(programId, "evt-hooks-other", 10_000, code: code);

        var hook = Assert.Single(await receiver.WaitForAsync("commission.created"));
        Assert.Throws<StandardWebhooks.Diagnostics.WebhookVerificationException>(() => new StandardWebhook("whsec_" + Convert.ToBase64String(new byte[32])).Verify(hook.Body, hook.Headers));
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_gets_the_same_webhook_id_a_third_time_and_the_log_shows_three_attempts()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answers.Enqueue(500);
        receiver.Answers.Enqueue(503);
        await using var app = await StartAppAsync();
        var api = new ApiClient(app.CreateAdminClient());
        var (programId, _, code) = await ProgramWithCodeAsync(api);
        var (endpointId, secret) = await RegisterAsync(api, programId, receiver.Url, "commission.created");

        await api.RecordSaleAsync(programId, "evt-hooks-retry", 10_000, code: code);

        var hooks = await receiver.WaitForAsync("commission.created", count: 3);
        Assert.Single(hooks.Select(hook => hook.WebhookId).Distinct());
        foreach (var hook in hooks)
        {
            new StandardWebhook(secret).Verify(hook.Body, hook.Headers);
        }

        var deliveries = await Eventually.ReturnsAsync(
            () => api.GetAsync($"/api/v1/programs/{programId}/webhook-endpoints/{endpointId}/deliveries?status=succeeded"),
            list => list.GetProperty("items").GetArrayLength() == 1);
        var delivery = deliveries.GetProperty("items")[0];
        Assert.Equal(hooks[0].WebhookId, delivery.GetProperty("webhookId").GetString());
        var attempts = delivery.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal([500, 503, 200], attempts.Select(attempt => attempt.GetProperty("statusCode").GetInt32()));
        Assert.Equal([1, 2, 3], attempts.Select(attempt => attempt.GetProperty("number").GetInt32()));
        Assert.Contains("answer 500", attempts[0].GetProperty("response").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await api.GetAsync($"/api/v1/programs/{programId}/webhook-endpoints/{endpointId}/deliveries?status=pending")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task An_endpoint_whose_deliveries_keep_failing_is_disabled_and_says_why()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        for (var i = 0; i < 20; i++)
        {
            receiver.Answers.Enqueue(500);
        }

        await using var app = await StartAppAsync(new Dictionary<string, string?> { ["Referrals:Webhooks:DisableAfterFailures"] = "2" }, ["00:00:00.200"]);
        var api = new ApiClient(app.CreateAdminClient());
        var (programId, _, code) = await ProgramWithCodeAsync(api);
        var (endpointId, _) = await RegisterAsync(api, programId, receiver.Url, "commission.created");

        await api.RecordSaleAsync(programId, "evt-hooks-down-1", 10_000, code: code);
        await receiver.WaitForAsync("commission.created", count: 2);
        var afterOne = await Eventually.ReturnsAsync(
            () => api.GetAsync($"/api/v1/programs/{programId}/webhook-endpoints/{endpointId}"),
            endpoint => endpoint.GetProperty("consecutiveFailures").GetInt32() == 1);
        Assert.True(afterOne.GetProperty("enabled").GetBoolean());

        await api.RecordSaleAsync(programId, "evt-hooks-down-2", 10_000, code: code);
        var disabled = await Eventually.ReturnsAsync(
            () => api.GetAsync($"/api/v1/programs/{programId}/webhook-endpoints/{endpointId}"),
            endpoint => !endpoint.GetProperty("enabled").GetBoolean());
        Assert.Contains("2 deliveries in a row", disabled.GetProperty("disabledReason").GetString(), StringComparison.Ordinal);
        var failed = await api.GetAsync($"/api/v1/programs/{programId}/webhook-endpoints/{endpointId}/deliveries?status=failed");
        Assert.Equal(2, failed.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_redelivery_sends_the_same_webhook_id_again_and_is_logged()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await StartAppAsync();
        var api = new ApiClient(app.CreateAdminClient());
        var programId = await api.CreateProgramAsync();
        var (endpointId, secret) = await RegisterAsync(api, programId, receiver.Url, "commission.created");

        var test = await api.PostAsync($"/api/v1/programs/{programId}/webhook-endpoints/{endpointId}/test", new { }, HttpStatusCode.Accepted);
        var ping = Assert.Single(await receiver.WaitForAsync("ping"));
        new StandardWebhook(secret).Verify(ping.Body, ping.Headers);
        var deliveryId = test.GetProperty("id").GetString()!;
        await Eventually.ReturnsAsync(
            () => api.GetAsync($"/api/v1/programs/{programId}/webhook-endpoints/{endpointId}/deliveries?status=succeeded"),
            list => list.GetProperty("items").GetArrayLength() == 1);

        await api.PostAsync($"/api/v1/programs/{programId}/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/redeliver", new { }, HttpStatusCode.Accepted);

        var pings = await receiver.WaitForAsync("ping", count: 2);
        Assert.Equal(ping.WebhookId, pings[1].WebhookId);
        var log = await Eventually.ReturnsAsync(
            () => api.GetAsync($"/api/v1/programs/{programId}/webhook-endpoints/{endpointId}/deliveries"),
            list => list.GetProperty("items")[0].GetProperty("attempts").GetArrayLength() == 2);
        Assert.Equal("succeeded", log.GetProperty("items")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task After_a_rotation_both_the_old_and_the_new_secret_verify_a_delivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await StartAppAsync();
        var api = new ApiClient(app.CreateAdminClient());
        var programId = await api.CreateProgramAsync();
        var (endpointId, oldSecret) = await RegisterAsync(api, programId, receiver.Url, "commission.created");

        var rotated = await api.PostAsync($"/api/v1/programs/{programId}/webhook-endpoints/{endpointId}/rotate-secret", new { }, HttpStatusCode.OK);
        var newSecret = rotated.GetProperty("secret").GetString()!;
        await api.PostAsync($"/api/v1/programs/{programId}/webhook-endpoints/{endpointId}/test", new { }, HttpStatusCode.Accepted);

        var ping = Assert.Single(await receiver.WaitForAsync("ping"));
        Assert.NotEqual(oldSecret, newSecret);
        var signatures = ping.Headers["webhook-signature"].ToString().Split(' ');
        Assert.Equal(2, signatures.Length);
        new StandardWebhook(newSecret).Verify(ping.Body, ping.Headers);

        // StandardWebhooks 1.1.2 compares only the first of several signatures (its loop re-reads the whole
        // header after the first space), so the old secret's signature is checked on its own.
        new StandardWebhook(oldSecret).Verify(ping.Body, WithSignature(ping.Headers, signatures[1]));
        Assert.Throws<StandardWebhooks.Diagnostics.WebhookVerificationException>(() => new StandardWebhook(oldSecret).Verify(ping.Body, WithSignature(ping.Headers, signatures[0])));
    }

    private static Microsoft.AspNetCore.Http.HeaderDictionary WithSignature(Microsoft.AspNetCore.Http.IHeaderDictionary headers, string signature)
    {
        var copy = new Microsoft.AspNetCore.Http.HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            copy[name] = value;
        }

        copy["webhook-signature"] = signature;
        return copy;
    }

    [Fact]
    public async Task Listing_endpoints_never_shows_a_secret()
    {
        await using var app = await StartAppAsync();
        var api = new ApiClient(app.CreateAdminClient());
        var programId = await api.CreateProgramAsync();
        var (_, secret) = await RegisterAsync(api, programId, "http://127.0.0.1:9/hooks", "commission.created");

        using var response = await api.Client.GetAsync($"/api/v1/programs/{programId}/webhook-endpoints");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("127.0.0.1:9", text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret["whsec_".Length..], text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hooks")]
    [InlineData("https://127.0.0.1/hooks")]
    [InlineData("https://localhost/hooks")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://10.0.0.5/hooks")]
    [InlineData("https://[::1]/hooks")]
    [InlineData("https://[::ffff:127.0.0.1]/hooks")]
    [InlineData("http://shop.example.com/hooks")]
    public async Task A_loopback_private_or_plain_http_url_is_refused_outside_Development(string url)
    {
        await using var app = await StartAppAsync(new Dictionary<string, string?> { ["Referrals:Webhooks:AllowPrivateNetworks"] = "false" });
        var api = new ApiClient(app.CreateAdminClient());
        var programId = await api.CreateProgramAsync();
        var before = await app.CountRowsAsync();

        using var response = await api.Client.PostAsJsonAsync($"/api/v1/programs/{programId}/webhook-endpoints", new { url, events = new[] { "commission.created" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("url", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await app.CountRowsAsync());
    }

    [Fact]
    public async Task A_public_https_url_is_accepted_outside_Development()
    {
        await using var app = await StartAppAsync(new Dictionary<string, string?> { ["Referrals:Webhooks:AllowPrivateNetworks"] = "false" });
        var api = new ApiClient(app.CreateAdminClient());
        var programId = await api.CreateProgramAsync();

        await api.PostAsync($"/api/v1/programs/{programId}/webhook-endpoints", new { url = "https://hooks.shop.example.com/referrals", events = new[] { "commission.created" } }, HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("{\"url\":\"https://hooks.example.com\",\"events\":[]}")]
    [InlineData("{\"url\":\"https://hooks.example.com\",\"events\":[\"commission.exploded\"]}")]
    [InlineData("{\"url\":\"https://hooks.example.com\",\"events\":[\"ping\"]}")]
    [InlineData("{\"url\":\"ftp://hooks.example.com\",\"events\":[\"commission.created\"]}")]
    [InlineData("{\"url\":\"https://user:pw@hooks.example.com\",\"events\":[\"commission.created\"]}")]
    [InlineData("{\"url\":\"not a url\",\"events\":[\"commission.created\"]}")]
    [InlineData("{\"events\":[\"commission.created\"]}")]
    [InlineData("{\"url\":42,\"events\":[\"commission.created\"]}")]
    [InlineData("[]")]
    [InlineData("{")]
    public async Task A_bad_endpoint_gets_a_problem_and_stores_nothing(string body)
    {
        await using var app = await StartAppAsync();
        var api = new ApiClient(app.CreateAdminClient());
        var programId = await api.CreateProgramAsync();
        var before = await app.CountRowsAsync();

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await api.Client.PostAsync($"/api/v1/programs/{programId}/webhook-endpoints", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await app.CountRowsAsync());
    }

    [Fact]
    public async Task Unknown_endpoints_deliveries_and_statuses_get_problems()
    {
        await using var app = await StartAppAsync();
        var api = new ApiClient(app.CreateAdminClient());
        var programId = await api.CreateProgramAsync();
        var (endpointId, _) = await RegisterAsync(api, programId, "http://127.0.0.1:9/hooks", "commission.created");
        var endpoints = $"/api/v1/programs/{programId}/webhook-endpoints";

        await api.GetAsync($"{endpoints}/whe_nothing", HttpStatusCode.NotFound);
        await api.GetAsync($"{endpoints}/{endpointId}/deliveries?status=lost", HttpStatusCode.BadRequest);
        await api.GetAsync($"/api/v1/programs/prg_nothing/webhook-endpoints", HttpStatusCode.NotFound);
        await api.PostAsync($"{endpoints}/{endpointId}/deliveries/dlv_nothing/redeliver", new { }, HttpStatusCode.NotFound);
        await api.PostAsync($"{endpoints}/whe_nothing/rotate-secret", new { }, HttpStatusCode.NotFound);
        using var deleted = await api.Client.DeleteAsync($"{endpoints}/{endpointId}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var again = await api.Client.DeleteAsync($"{endpoints}/{endpointId}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task A_patch_changes_the_events_and_disabling_stops_deliveries()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await StartAppAsync();
        var api = new ApiClient(app.CreateAdminClient());
        var (programId, _, code) = await ProgramWithCodeAsync(api);
        var (endpointId, _) = await RegisterAsync(api, programId, receiver.Url, "commission.created");

        using var patch = await api.Client.PatchAsJsonAsync($"/api/v1/programs/{programId}/webhook-endpoints/{endpointId}", new { events = new[] { "conversion.attributed" } });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        await api.RecordSaleAsync(programId, "evt-hooks-patch", 10_000, code: code);

        await receiver.WaitForAsync("conversion.attributed");
        Assert.DoesNotContain(receiver.Received, hook => hook.Type == "commission.created");
        using var bad = await api.Client.PatchAsJsonAsync($"/api/v1/programs/{programId}/webhook-endpoints/{endpointId}", new { url = "gopher://x" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_shop_key_manages_its_own_programs_endpoints_only()
    {
        await using var app = await StartAppAsync();
        var api = new ApiClient(app.CreateAdminClient());
        var programId = await api.CreateProgramAsync();
        var otherId = await api.CreateProgramAsync();
        var shopKey = (await api.PostAsync("/api/v1/keys", new { role = "shop", name = "Shop server", programId }, HttpStatusCode.Created)).GetProperty("key").GetString()!;
        var shop = new ApiClient(app.CreateClientWithKey(shopKey));

        await shop.PostAsync($"/api/v1/programs/{programId}/webhook-endpoints", new { url = "https://hooks.example.com/a", events = new[] { "commission.created" } }, HttpStatusCode.Created);
        using var refused = await shop.Client.PostAsJsonAsync($"/api/v1/programs/{otherId}/webhook-endpoints", new { url = "https://hooks.example.com/a", events = new[] { "commission.created" } });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_names_every_webhook_endpoint_operation()
    {
        await using var app = await StartAppAsync();
        using var client = app.CreateVisitorClient();

        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var operations = document.GetProperty("paths").EnumerateObject()
            .Where(path => path.Name.Contains("webhook-endpoints", StringComparison.Ordinal))
            .SelectMany(path => path.Value.EnumerateObject())
            .Select(operation => operation.Value.GetProperty("operationId").GetString())
            .ToHashSet();

        Assert.Equal(
            new HashSet<string?> { "CreateWebhookEndpoint", "ListWebhookEndpoints", "GetWebhookEndpoint", "UpdateWebhookEndpoint", "DeleteWebhookEndpoint", "RotateWebhookSecret", "TestWebhookEndpoint", "ListWebhookDeliveries", "RedeliverWebhook" },
            operations);
        var webhooks = document.GetProperty("webhooks");
        foreach (var type in new[] { "conversion.attributed", "conversion.unattributed", "commission.created", "commission.reversed", "commission.flagged", "payout_run.awaiting_decision", "payout_run.paid", "payout_run.expired", "ping" })
        {
            var post = webhooks.GetProperty(type).GetProperty("post");
            Assert.False(string.IsNullOrEmpty(post.GetProperty("operationId").GetString()));
            Assert.Equal(type, post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example").GetProperty("type").GetString());
        }
    }
}
