using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Referrals.Core.Webhooks;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage.Tests;
using Xunit.Abstractions;

namespace Referrals.Server.Tests;

/// <summary>
/// Ten thousand broken requests, made by mutating valid ones (seeded, so a failure replays), at every
/// public and management endpoint: none may answer 5xx and none may store anything.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output) : ServerTest
{
    internal const int Requests = 10_000;
    private const int HugeBodies = 10;
    private const int Seed = 20_261_123;

    // Requests come from one address here; the fuzzer is after the handlers, not the rate limiter.
    protected override ReferralsApp CreateApp(AzuriteFixture azurite) => new(azurite, new Dictionary<string, string?> { ["Referrals:RateLimits:Enabled"] = "false" });

    private enum Mutation
    {
        Truncated,
        WrongType,
        HugeNumber,
        DeepNesting,
        InvalidUtf8,
        WrongContentType,
        UnknownId,
        HeaderInjection,
        BadSignature,
        HugeBody,
    }

    private sealed record Template(string Name, HttpMethod Method, Func<string, string> Path, string ValidId, JsonObject? Body, bool Admin, WebhookProvider? SignedBy, bool StrictBody);

    private sealed record Attempt(string Endpoint, Mutation Mutation, HttpMethod Method, string Path, byte[]? Body, string? ContentType, IReadOnlyList<(string Name, string Value)> Headers);

    [Fact]
    public async Task Ten_thousand_mutated_requests_get_no_5xx_and_store_nothing()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        var code = (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;
        var runId = (await Api.PostAsync($"/api/v1/programs/{programId}/payout-runs", new { periodEnd = DateTimeOffset.UtcNow.AddSeconds(-1) }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        foreach (var provider in new[] { WebhookProvider.Generic, WebhookProvider.Stripe, WebhookProvider.Paddle })
        {
            await SignedWebhooks.ConfigureAsync(Api, programId, provider);
        }

        var keyId = (await Api.PostAsync("/api/v1/keys", new { role = "shop", name = "Fuzz target", programId }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var templates = Templates(programId, partnerId, code, runId, keyId);
        var random = new Random(Seed);
        var attempts = Enumerable.Range(0, Requests).Select(index => Mutate(templates[index % templates.Length], random, huge: index % (Requests / HugeBodies) == 7)).ToArray();
        await Task.Delay(500); // let the setup's background work settle before counting
        IReadOnlyDictionary<string, int> before = await App.CountRowsAsync();

        var statuses = new ConcurrentDictionary<int, int>();
        var serverErrors = new ConcurrentQueue<string>();
        var successes = new ConcurrentQueue<string>();
        var notSent = 0;
        var clock = Stopwatch.StartNew();
        using var client = App.CreateVisitorClient();
        await Parallel.ForEachAsync(attempts, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (attempt, cancellationToken) =>
        {
            using var request = new HttpRequestMessage(attempt.Method, attempt.Path);
            if (attempt.Body is not null)
            {
                request.Content = new ByteArrayContent(attempt.Body);
                if (attempt.ContentType is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", attempt.ContentType);
                }
            }

            foreach (var (name, value) in attempt.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or FormatException)
            {
                // The client itself refused to send it (an illegal header): nothing reached the server.
                Interlocked.Increment(ref notSent);
                return;
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                statuses.AddOrUpdate(status, 1, (_, count) => count + 1);
                var ignoredVerified = status == 200 && attempt.Endpoint.EndsWith("webhook", StringComparison.Ordinal)
                    && (await response.Content.ReadAsStringAsync(cancellationToken)).Contains("\"status\":\"ignored\"", StringComparison.Ordinal);
                if (status is >= 200 and < 300 && !ignoredVerified)
                {
                    successes.Enqueue($"{attempt.Endpoint} / {attempt.Mutation}: {status}");
                }

                if (status >= 500)
                {
                    serverErrors.Enqueue($"{attempt.Endpoint} / {attempt.Mutation}: {status} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                }
            }
        });

        await Task.Delay(500); // anything accepted by mistake would be written by now (queue workers poll every 100 ms)
        // A correctly signed body that cannot be used is answered 200 "ignored" and kept, and nothing else.
        var after = (await App.CountRowsAsync()).Where(table => !table.Key.EndsWith("IgnoredEvents", StringComparison.Ordinal)).ToDictionary();
        before = before.Where(table => !table.Key.EndsWith("IgnoredEvents", StringComparison.Ordinal)).ToDictionary();
        var written = after.Sum(table => table.Value) - before.Sum(table => table.Value);
        output.WriteLine($"seed {Seed}: {attempts.Length:N0} requests over {templates.Length} endpoints in {clock.Elapsed.TotalSeconds:0.0} s, not sent by the client: {notSent}");
        output.WriteLine("by mutation: " + string.Join(", ", attempts.GroupBy(attempt => attempt.Mutation).Select(group => $"{group.Key} {group.Count()}")));
        output.WriteLine("answers: " + string.Join(", ", statuses.OrderBy(entry => entry.Key).Select(entry => $"{entry.Key} x{entry.Value}")));
        output.WriteLine($"5xx: {serverErrors.Count}, rows written: {written}");
        Assert.True(serverErrors.IsEmpty, string.Join(Environment.NewLine, serverErrors.Take(20)));
        Assert.Equal(before, after);
        Assert.True(successes.IsEmpty, "Accepted: " + string.Join(Environment.NewLine, successes.Distinct().Take(20)));
    }

    private static Template[] Templates(string programId, string partnerId, string code, string runId, string keyId)
    {
        static JsonObject Json(object value) => JsonSerializer.SerializeToNode(value, JsonSerializerOptions.Web)!.AsObject();
        return
        [
            new("POST programs", HttpMethod.Post, _ => "/api/v1/programs", programId, Json(new { name = "Fuzz", currency = "EUR", allowedHosts = new[] { "shop.example.com" }, cookieDays = 30, plan = new { kind = "percent", percent = 20 } }), true, null, true),
            new("POST partners", HttpMethod.Post, id => $"/api/v1/programs/{id}/partners", programId, Json(new { name = "Ada", email = "ada@example.com", type = "affiliate" }), true, null, true),
            new("POST links", HttpMethod.Post, id => $"/api/v1/programs/{id}/links", programId, Json(new { partnerId, destination = "https://shop.example.com/x" }), true, null, true),
            new("POST codes", HttpMethod.Post, id => $"/api/v1/programs/{id}/codes", programId, Json(new { partnerId, code = "FUZZ10" }), true, null, true),
            new("POST conversions", HttpMethod.Post, id => $"/api/v1/programs/{id}/conversions", programId, Json(new { eventId = "evt_fuzz", type = "sale", amount = 1000, currency = "EUR", customerId = "cus_1" }), true, null, true),
            new("POST leads", HttpMethod.Post, id => $"/api/v1/programs/{id}/leads", programId, Json(new { partnerId, customerId = "cus_lead", email = "lead@example.com" }), true, null, true),
            new("PUT integrations", HttpMethod.Put, id => $"/api/v1/programs/{id}/integrations/generic", programId, Json(new { webhookSecret = "another-secret-0123456789abcdef" }), true, null, true),
            new("POST keys", HttpMethod.Post, _ => "/api/v1/keys", programId, Json(new { role = "finance", name = "Fuzz" }), true, null, true),
            new("POST payout-runs", HttpMethod.Post, id => $"/api/v1/programs/{id}/payout-runs", programId, Json(new { periodEnd = DateTimeOffset.UtcNow.AddDays(-1) }), true, null, true),
            new("POST decision", HttpMethod.Post, id => $"/api/v1/payout-runs/{id}/decision", runId, Json(new { decision = "approve", reason = "ok" }), true, null, true),
            new("GET program", HttpMethod.Get, id => $"/api/v1/programs/{id}", programId, null, true, null, false),
            new("GET stats", HttpMethod.Get, id => $"/api/v1/partners/{id}/stats?from=garbage&to=2026-13-45", partnerId, null, true, null, false),
            new("GET commissions", HttpMethod.Get, id => $"/api/v1/programs/{id}/commissions?status=%00%FF&partnerId=" + new string('x', 2000), programId, null, true, null, false),
            new("GET conversion", HttpMethod.Get, id => $"/api/v1/programs/{programId}/conversions/{id}", "cv_unknown", null, true, null, false),
            new("GET commission", HttpMethod.Get, id => $"/api/v1/programs/{programId}/commissions/{id}", "cm_unknown", null, true, null, false),
            new("POST review", HttpMethod.Post, id => $"/api/v1/programs/{id}/commissions/cm_unknown/review", programId, Json(new { decision = "approve", reason = "ok" }), true, null, true),
            new("POST tiers close", HttpMethod.Post, id => $"/api/v1/programs/{id}/tiers/close", programId, Json(new { period = "2025-03" }), true, null, true),
            new("GET partner", HttpMethod.Get, id => $"/api/v1/partners/{id}", partnerId, null, true, null, false),
            new("GET dead letters", HttpMethod.Get, id => $"/api/v1/programs/{id}/dead-letters?limit=5", programId, null, true, null, false),
            new("POST dead letter retry", HttpMethod.Post, id => $"/api/v1/programs/{programId}/dead-letters/{id}/retry", "unknown", null, true, null, false),
            new("GET payout run", HttpMethod.Get, id => $"/api/v1/payout-runs/{id}", runId, null, true, null, false),
            new("GET payouts.csv", HttpMethod.Get, id => $"/api/v1/payout-runs/{id}/payouts.csv", runId, null, true, null, false),
            new("GET code lookup", HttpMethod.Get, id => $"/api/v1/codes/{id}?programId={programId}", "NOSUCHCODE", null, false, null, false),
            new("GET keys", HttpMethod.Get, _ => "/api/v1/keys", keyId, null, true, null, false),
            new("DELETE key", HttpMethod.Delete, id => "/api/v1/keys/" + id, keyId, null, true, null, false),
            new("GET click", HttpMethod.Get, id => "/api/v1/clicks/" + id, code, null, true, null, false),
            new("GET redirect", HttpMethod.Get, id => "/r/" + id, code, null, false, null, false),
            new("POST generic webhook", HttpMethod.Post, id => $"/webhooks/generic/{id}", programId, Json(new { eventId = "order-fuzz", type = "sale", amount = 1000, currency = "EUR", customerId = "cus_1" }), false, WebhookProvider.Generic, true),
            new("POST stripe webhook", HttpMethod.Post, id => $"/webhooks/stripe/{id}", programId, JsonNode.Parse(SignedWebhooks.StripeCheckout("evt_fuzz", 1000, 0))!.AsObject(), false, WebhookProvider.Stripe, false),
            new("POST paddle webhook", HttpMethod.Post, id => $"/webhooks/paddle/{id}", programId, JsonNode.Parse(SignedWebhooks.PaddleTransaction("evt_fuzz", "txn_fuzz", 1000, 0))!.AsObject(), false, WebhookProvider.Paddle, false),
            new("GET decision page", HttpMethod.Get, id => "/payout-decisions/" + id, runId, null, false, null, false),
            new("POST decision page", HttpMethod.Post, id => "/payout-decisions/" + id, runId, null, false, null, false),
        ];
    }

    /// <summary>One broken request from a valid template; every mutation makes it invalid by construction.</summary>
    private static Attempt Mutate(Template template, Random random, bool huge)
    {
        var validProgram = template.ValidId;
        var mutations = new List<Mutation> { Mutation.UnknownId, Mutation.HeaderInjection };
        if (template.Body is not null)
        {
            mutations.AddRange([Mutation.Truncated, Mutation.InvalidUtf8, Mutation.DeepNesting]);
            if (template.StrictBody)
            {
                mutations.AddRange([Mutation.WrongType, Mutation.HugeNumber]);
            }

            if (template.SignedBy is null)
            {
                mutations.Add(Mutation.WrongContentType);
            }
            else
            {
                mutations.Add(Mutation.BadSignature);
            }
        }

        var mutation = huge && template.Body is not null ? Mutation.HugeBody : mutations[random.Next(mutations.Count)];
        var body = template.Body is null ? null : Encoding.UTF8.GetBytes(template.Body.ToJsonString());
        var path = template.Path(validProgram);
        var contentType = template.Body is null ? null : "application/json";
        var headers = new List<(string, string)>();
        string? authorization = template.Admin ? "Bearer " + ReferralsApp.AdminKey : null;
        var signatureHeader = true;

        switch (mutation)
        {
            case Mutation.Truncated:
                body = body![..random.Next(body!.Length)];
                break;
            case Mutation.WrongType:
                body = Replace(template.Body!, random, WrongTypeFor);
                break;
            case Mutation.HugeNumber:
                body = Replace(template.Body!, random, (_, r) => JsonNode.Parse(new[] { "1e400", "123456789012345678901234567890", "-9223372036854775809", "1.5e308" }[r.Next(4)])!);
                break;
            case Mutation.DeepNesting:
                var depth = random.Next(65, 2_000);
                body = Encoding.UTF8.GetBytes("{\"x\":" + new string('[', depth) + new string(']', depth) + "," + template.Body!.ToJsonString()[1..]);
                break;
            case Mutation.InvalidUtf8:
                var text = body!;
                var at = Encoding.UTF8.GetString(text).IndexOf(":\"", StringComparison.Ordinal) + 2;
                byte[][] invalid = [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC0, 0xAF]];
                body = [.. text[..at], .. invalid[random.Next(invalid.Length)], .. text[at..]];
                break;
            case Mutation.WrongContentType:
                contentType = new[] { "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/jsonx" }[random.Next(5)];
                break;
            case Mutation.UnknownId:
                path = template.Path(GarbageId(random));
                if (path == template.Path(validProgram))
                {
                    // No id in this path: break the body instead, or the route itself.
                    path = template.Body is null ? path.TrimEnd('/') + "x" + GarbageId(random) : path;
                    body = body is null ? null : body[..(body.Length - 1)];
                }

                break;
            case Mutation.HeaderInjection:
                var injected = new[] { "\r\nX-Injected: yes", "\nSet-Cookie: a=b", "\0", new string('A', 20_000), "é\u2028" }[random.Next(5)];
                if (template.Admin)
                {
                    authorization = "Bearer " + ReferralsApp.AdminKey + injected;
                }
                else if (template.SignedBy is { } provider)
                {
                    signatureHeader = false;
                    headers.Add((WebhookSignature.HeaderName(provider), "t=1,v1=00" + injected));
                }
                else
                {
                    // Public GETs carry no credentials; break the path (an unknown code or token) and inject into common headers.
                    path = template.Path(validProgram) + "x" + GarbageId(random);
                    headers.Add(("X-Forwarded-For", "1.2.3.4" + injected));
                    headers.Add(("Referer", "https://x.example/" + injected));
                }

                break;
            case Mutation.BadSignature:
                signatureHeader = false;
                headers.Add((WebhookSignature.HeaderName(template.SignedBy!.Value), WebhookSignature.CreateHeader(template.SignedBy.Value, body!, "not-the-secret", DateTimeOffset.UtcNow.ToUnixTimeSeconds())));
                break;
            case Mutation.HugeBody:
                body = new byte[10 * 1024 * 1024];
                Array.Fill(body, (byte)' ');
                body[0] = (byte)'{';
                body[^1] = (byte)'}';
                break;
        }

        if (authorization is not null)
        {
            headers.Add(("Authorization", authorization));
        }

        if (template.SignedBy is { } signedBy && signatureHeader && body is not null)
        {
            // Signed correctly over the broken bytes: the signature check passes, the body check must not.
            headers.Add((WebhookSignature.HeaderName(signedBy), WebhookSignature.CreateHeader(signedBy, body, SignedWebhooks.SecretOf(signedBy), DateTimeOffset.UtcNow.ToUnixTimeSeconds())));
        }

        if (template.Body is null && mutation is not (Mutation.UnknownId or Mutation.HeaderInjection))
        {
            path = template.Path(GarbageId(random));
        }

        return new Attempt(template.Name, mutation, template.Method, path, body, contentType, headers);
    }

    private static byte[] Replace(JsonObject body, Random random, Func<JsonNode?, Random, JsonNode> replacement)
    {
        var copy = JsonNode.Parse(body.ToJsonString())!.AsObject();
        var names = copy.Select(property => property.Key).ToArray();
        var name = names[random.Next(names.Length)];
        copy[name] = replacement(copy[name], random);
        return Encoding.UTF8.GetBytes(copy.ToJsonString());
    }

    private static JsonNode WrongTypeFor(JsonNode? value, Random random)
    {
        JsonNode[] candidates = value?.GetValueKind() switch
        {
            JsonValueKind.String => [JsonValue.Create(42), JsonValue.Create(true), new JsonArray(), new JsonObject()],
            JsonValueKind.Number => [JsonValue.Create("ten"), JsonValue.Create(false), new JsonArray(), new JsonObject()],
            JsonValueKind.Array => [JsonValue.Create("x"), JsonValue.Create(5), new JsonObject()],
            JsonValueKind.Object => [JsonValue.Create("x"), JsonValue.Create(7), new JsonArray(1, 2)],
            _ => [new JsonArray(), new JsonObject()],
        };
        return candidates[random.Next(candidates.Length)];
    }

    private static string GarbageId(Random random)
    {
        string[] shapes = ["pg_" + random.Next(), "..%2F..%2Fetc", "%00", "%C3%28", Uri.EscapeDataString("ü'\"<script>"), new string('z', random.Next(200, 3_000)), "%252e%252e", "prg_" + Guid.NewGuid().ToString("N")];
        return shapes[random.Next(shapes.Length)];
    }
}
