using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Referrals.Core.Access;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage.Tests;
using Xunit.Abstractions;

namespace Referrals.Server.Tests;

/// <summary>
/// Every endpoint against every kind of caller, in one table: no key, a wrong key, the shop and two
/// partners of the program, the shop and a partner of another program, finance, admin, and an admin key
/// that expired or was revoked. Every request names program A and partner A, so the other program's keys
/// are the cross-program rows and partner B's the cross-partner ones.
/// </summary>
public sealed class AuthorizationMatrixTests(ITestOutputHelper output) : ServerTest
{
    private const string Anonymous = "no key";
    private const string WrongKey = "wrong key";
    private const string Shop = "shop A";
    private const string OtherShop = "shop of program B";
    private const string PartnerA = "partner A";
    private const string PartnerB = "partner B";
    private const string OtherPartner = "partner of program B";
    private const string Finance = "finance";
    private const string Admin = "admin";
    private const string ExpiredKey = "expired admin key";
    private const string RevokedKey = "revoked admin key";

    // Eleven callers in a row exceed the decision pages' per-address limit; the limits have tests of their own.
    protected override ReferralsApp CreateApp(AzuriteFixture azurite) => new(azurite, new Dictionary<string, string?> { ["Referrals:RateLimits:Enabled"] = "false" });

    private static readonly string[] Callers = [Anonymous, WrongKey, Shop, OtherShop, PartnerA, PartnerB, OtherPartner, Finance, Admin, ExpiredKey, RevokedKey];

    /// <summary>Who may call it besides admin; <see cref="Public"/> is anyone, with or without a key.</summary>
    [Flags]
    private enum Allow
    {
        AdminOnly = 0,
        Finance = 1,
        Shop = 2,
        Partner = 4,
        Public = 8,
    }

    /// <summary>
    /// One row: method, route pattern (as mapped), concrete path, body, who may call it, the answer an
    /// allowed caller gets, and whether the path names partner A (so partner B is refused). Bodies are
    /// empty objects where possible, so allowed callers get a validation 400 and nothing is stored.
    /// </summary>
    private sealed record Row(string Method, string Pattern, string Path, string? Body, Allow Allow, HttpStatusCode Allowed, bool NamesPartner = false);

    private static IEnumerable<Row> Endpoints(Ids ids) =>
    [
        new("POST", "/api/v1/programs", "/api/v1/programs", "{}", Allow.AdminOnly, HttpStatusCode.BadRequest),
        new("GET", "/api/v1/programs/{programId}", $"/api/v1/programs/{ids.Program}", null, Allow.Finance | Allow.Shop | Allow.Partner, HttpStatusCode.OK),
        new("POST", "/api/v1/programs/{programId}/partners", $"/api/v1/programs/{ids.Program}/partners", "{}", Allow.AdminOnly, HttpStatusCode.BadRequest),
        new("GET", "/api/v1/partners/{partnerId}", $"/api/v1/partners/{ids.Partner}", null, Allow.Partner, HttpStatusCode.OK, NamesPartner: true),
        new("POST", "/api/v1/programs/{programId}/links", $"/api/v1/programs/{ids.Program}/links", "{}", Allow.AdminOnly, HttpStatusCode.BadRequest),
        new("POST", "/api/v1/programs/{programId}/codes", $"/api/v1/programs/{ids.Program}/codes", "{}", Allow.AdminOnly, HttpStatusCode.BadRequest),
        new("POST", "/api/v1/programs/{programId}/conversions", $"/api/v1/programs/{ids.Program}/conversions", "{}", Allow.Shop, HttpStatusCode.BadRequest),
        new("GET", "/api/v1/programs/{programId}/conversions/{conversionId}", $"/api/v1/programs/{ids.Program}/conversions/cv_unknown", null, Allow.Shop, HttpStatusCode.NotFound),
        new("GET", "/api/v1/programs/{programId}/commissions", $"/api/v1/programs/{ids.Program}/commissions", null, Allow.Finance | Allow.Partner, HttpStatusCode.OK),
        new("GET", "/api/v1/programs/{programId}/commissions", $"/api/v1/programs/{ids.Program}/commissions?partnerId={ids.Partner}", null, Allow.Finance | Allow.Partner, HttpStatusCode.OK, NamesPartner: true),
        new("GET", "/api/v1/programs/{programId}/commissions/{commissionId}", $"/api/v1/programs/{ids.Program}/commissions/cm_unknown", null, Allow.Finance, HttpStatusCode.NotFound),
        new("POST", "/api/v1/programs/{programId}/commissions/{commissionId}/review", $"/api/v1/programs/{ids.Program}/commissions/cm_unknown/review", "{}", Allow.AdminOnly, HttpStatusCode.BadRequest),
        new("POST", "/api/v1/programs/{programId}/tiers/close", $"/api/v1/programs/{ids.Program}/tiers/close", "{}", Allow.AdminOnly, HttpStatusCode.BadRequest),
        new("POST", "/api/v1/programs/{programId}/leads", $"/api/v1/programs/{ids.Program}/leads", "{}", Allow.Shop, HttpStatusCode.BadRequest),
        new("GET", "/api/v1/programs/{programId}/dead-letters", $"/api/v1/programs/{ids.Program}/dead-letters", null, Allow.AdminOnly, HttpStatusCode.OK),
        new("POST", "/api/v1/programs/{programId}/dead-letters/{messageId}/retry", $"/api/v1/programs/{ids.Program}/dead-letters/unknown/retry", null, Allow.AdminOnly, HttpStatusCode.NotFound),
        new("GET", "/api/v1/programs/{programId}/ignored-events", $"/api/v1/programs/{ids.Program}/ignored-events", null, Allow.AdminOnly, HttpStatusCode.OK),
        new("POST", "/api/v1/programs/{programId}/ignored-events/{eventId}/retry", $"/api/v1/programs/{ids.Program}/ignored-events/unknown/retry", null, Allow.AdminOnly, HttpStatusCode.NotFound),
        new("PUT", "/api/v1/programs/{programId}/integrations/{provider}", $"/api/v1/programs/{ids.Program}/integrations/generic", "{}", Allow.AdminOnly, HttpStatusCode.BadRequest),
        new("GET", "/api/v1/clicks/{clickId}", "/api/v1/clicks/not-a-click", null, Allow.AdminOnly, HttpStatusCode.BadRequest),
        new("GET", "/api/v1/partners/{partnerId}/stats", $"/api/v1/partners/{ids.Partner}/stats", null, Allow.Partner, HttpStatusCode.OK, NamesPartner: true),
        new("GET", "/api/v1/partners/{partnerId}/statements/{period}", $"/api/v1/partners/{ids.Partner}/statements/2026-01", null, Allow.Partner, HttpStatusCode.OK, NamesPartner: true),
        new("GET", "/api/v1/partners/{partnerId}/statements/{period}/statement.csv", $"/api/v1/partners/{ids.Partner}/statements/2026-01/statement.csv", null, Allow.Partner, HttpStatusCode.OK, NamesPartner: true),
        new("POST", "/api/v1/keys", "/api/v1/keys", "{}", Allow.AdminOnly, HttpStatusCode.BadRequest),
        new("GET", "/api/v1/keys", "/api/v1/keys", null, Allow.AdminOnly, HttpStatusCode.OK),
        new("DELETE", "/api/v1/keys/{keyId}", "/api/v1/keys/key_unknown", null, Allow.AdminOnly, HttpStatusCode.NotFound),
        new("POST", "/api/v1/programs/{programId}/payout-runs", $"/api/v1/programs/{ids.Program}/payout-runs", "{}", Allow.AdminOnly, HttpStatusCode.BadRequest),
        new("GET", "/api/v1/payout-runs/{runId}", $"/api/v1/payout-runs/{ids.Run}", null, Allow.Finance, HttpStatusCode.OK),
        new("POST", "/api/v1/payout-runs/{runId}/decision", $"/api/v1/payout-runs/{ids.Run}/decision", "{}", Allow.Finance, HttpStatusCode.BadRequest),
        new("GET", "/api/v1/payout-runs/{runId}/payouts.csv", $"/api/v1/payout-runs/{ids.Run}/payouts.csv", null, Allow.Finance, HttpStatusCode.Conflict),
        new("GET", "/api/v1/payout-runs/{runId}/exports", $"/api/v1/payout-runs/{ids.Run}/exports", null, Allow.Finance, HttpStatusCode.Conflict),
        new("GET", "/api/v1/payout-runs/{runId}/exports/{format}", $"/api/v1/payout-runs/{ids.Run}/exports/journal", null, Allow.Finance, HttpStatusCode.Conflict),
        new("GET", "/r/{code}", $"/r/{ids.Code}", null, Allow.Public, HttpStatusCode.Found),
        new("GET", "/t.js", "/t.js", null, Allow.Public, HttpStatusCode.OK),
        new("POST", "/api/v1/programs/{programId}/clicks", $"/api/v1/programs/{ids.Program}/clicks", "{}", Allow.Public, HttpStatusCode.NotFound),
        new("OPTIONS", "/api/v1/programs/{programId}/clicks", $"/api/v1/programs/{ids.Program}/clicks", null, Allow.Public, HttpStatusCode.Forbidden),
        new("GET", "/api/v1/programs/{programId}/links/{code}/qr.svg", $"/api/v1/programs/{ids.Program}/links/{ids.Code}/qr.svg", null, Allow.AdminOnly, HttpStatusCode.OK),
        new("GET", "/api/v1/codes/{code}", $"/api/v1/codes/NOSUCHCODE?programId={ids.Program}", null, Allow.Public, HttpStatusCode.NotFound),
        new("POST", "/webhooks/stripe/{programId}", $"/webhooks/stripe/{ids.Program}", "{}", Allow.Public, HttpStatusCode.BadRequest),
        new("POST", "/webhooks/paddle/{programId}", $"/webhooks/paddle/{ids.Program}", "{}", Allow.Public, HttpStatusCode.BadRequest),
        new("POST", "/webhooks/generic/{programId}", $"/webhooks/generic/{ids.Program}", "{}", Allow.Public, HttpStatusCode.BadRequest),
        new("GET", "/payout-decisions/{token}", "/payout-decisions/not-a-token", null, Allow.Public, HttpStatusCode.BadRequest),
        new("POST", "/payout-decisions/{token}", "/payout-decisions/not-a-token", null, Allow.Public, HttpStatusCode.BadRequest),
        new("GET", "/openapi/{documentName}.json", "/openapi/v1.json", null, Allow.Public, HttpStatusCode.OK),
        new("GET", "/docs/{documentName?}", "/docs/", null, Allow.Public, HttpStatusCode.OK),
        new("GET", "/docs/scalar.js", "/docs/scalar.js", null, Allow.Public, HttpStatusCode.OK),
        new("GET", "/docs/scalar.aspnetcore.js", "/docs/scalar.aspnetcore.js", null, Allow.Public, HttpStatusCode.OK),
        new("GET", "/docs/favicon.svg", "/docs/favicon.svg", null, Allow.Public, HttpStatusCode.OK),
        new("POST", "/api/v1/partners/{partnerId}/portal-link", $"/api/v1/partners/{ids.Partner}/portal-link", null, Allow.AdminOnly, HttpStatusCode.OK),
        new("POST", "/api/v1/partners/{partnerId}/status", $"/api/v1/partners/{ids.Partner}/status", "{}", Allow.AdminOnly, HttpStatusCode.BadRequest),
        new("POST", "/api/v1/programs/{programId}/webhook-endpoints", $"/api/v1/programs/{ids.Program}/webhook-endpoints", "{}", Allow.Shop, HttpStatusCode.BadRequest),
        new("GET", "/api/v1/programs/{programId}/webhook-endpoints", $"/api/v1/programs/{ids.Program}/webhook-endpoints", null, Allow.Shop, HttpStatusCode.OK),
        new("GET", "/api/v1/programs/{programId}/webhook-endpoints/{endpointId}", $"/api/v1/programs/{ids.Program}/webhook-endpoints/whe_unknown", null, Allow.Shop, HttpStatusCode.NotFound),
        new("PATCH", "/api/v1/programs/{programId}/webhook-endpoints/{endpointId}", $"/api/v1/programs/{ids.Program}/webhook-endpoints/whe_unknown", "{}", Allow.Shop, HttpStatusCode.NotFound),
        new("DELETE", "/api/v1/programs/{programId}/webhook-endpoints/{endpointId}", $"/api/v1/programs/{ids.Program}/webhook-endpoints/whe_unknown", null, Allow.Shop, HttpStatusCode.NotFound),
        new("POST", "/api/v1/programs/{programId}/webhook-endpoints/{endpointId}/rotate-secret", $"/api/v1/programs/{ids.Program}/webhook-endpoints/whe_unknown/rotate-secret", null, Allow.Shop, HttpStatusCode.NotFound),
        new("POST", "/api/v1/programs/{programId}/webhook-endpoints/{endpointId}/test", $"/api/v1/programs/{ids.Program}/webhook-endpoints/whe_unknown/test", null, Allow.Shop, HttpStatusCode.NotFound),
        new("GET", "/api/v1/programs/{programId}/webhook-endpoints/{endpointId}/deliveries", $"/api/v1/programs/{ids.Program}/webhook-endpoints/whe_unknown/deliveries", null, Allow.Shop, HttpStatusCode.NotFound),
        new("POST", "/api/v1/programs/{programId}/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/redeliver", $"/api/v1/programs/{ids.Program}/webhook-endpoints/whe_unknown/deliveries/dlv_unknown/redeliver", null, Allow.Shop, HttpStatusCode.NotFound),
        new("GET", "/api/v1/programs", "/api/v1/programs", null, Allow.AdminOnly, HttpStatusCode.OK),
        new("PATCH", "/api/v1/programs/{programId}", $"/api/v1/programs/{ids.Program}", "{}", Allow.AdminOnly, HttpStatusCode.OK),
        new("POST", "/api/v1/programs/{programId}/archive", "/api/v1/programs/prg_unknown/archive", null, Allow.AdminOnly, HttpStatusCode.NotFound),
        new("GET", "/api/v1/programs/{programId}/partners", $"/api/v1/programs/{ids.Program}/partners", null, Allow.AdminOnly, HttpStatusCode.OK),
        new("PATCH", "/api/v1/partners/{partnerId}", $"/api/v1/partners/{ids.Partner}", "{}", Allow.AdminOnly, HttpStatusCode.OK),
        new("GET", "/api/v1/programs/{programId}/links", $"/api/v1/programs/{ids.Program}/links?partnerId={ids.Partner}", null, Allow.AdminOnly, HttpStatusCode.OK),
        new("GET", "/api/v1/programs/{programId}/links/{code}", $"/api/v1/programs/{ids.Program}/links/{ids.Code}", null, Allow.AdminOnly, HttpStatusCode.OK),
        new("PATCH", "/api/v1/programs/{programId}/links/{code}", $"/api/v1/programs/{ids.Program}/links/{ids.Code}", "{}", Allow.AdminOnly, HttpStatusCode.OK),
        new("POST", "/api/v1/programs/{programId}/links/{code}/retire", $"/api/v1/programs/{ids.Program}/links/nosuchlink/retire", null, Allow.AdminOnly, HttpStatusCode.NotFound),
        new("GET", "/api/v1/programs/{programId}/codes", $"/api/v1/programs/{ids.Program}/codes?partnerId={ids.Partner}", null, Allow.AdminOnly, HttpStatusCode.OK),
        new("POST", "/api/v1/programs/{programId}/codes/{code}/retire", $"/api/v1/programs/{ids.Program}/codes/NOSUCHCODE/retire", null, Allow.AdminOnly, HttpStatusCode.NotFound),
        new("GET", "/api/v1/programs/{programId}/codes/{code}", $"/api/v1/programs/{ids.Program}/codes/NOSUCHCODE", null, Allow.AdminOnly, HttpStatusCode.NotFound),
        new("PATCH", "/api/v1/programs/{programId}/codes/{code}", $"/api/v1/programs/{ids.Program}/codes/NOSUCHCODE", "{}", Allow.AdminOnly, HttpStatusCode.NotFound),
        new("GET", "/api/v1/programs/{programId}/changes", $"/api/v1/programs/{ids.Program}/changes", null, Allow.AdminOnly, HttpStatusCode.OK),
        new("GET", "/api/v1/programs/{programId}/conversions", $"/api/v1/programs/{ids.Program}/conversions", null, Allow.Shop, HttpStatusCode.OK),
        new("GET", "/api/v1/programs/{programId}/payout-runs", $"/api/v1/programs/{ids.Program}/payout-runs", null, Allow.Finance, HttpStatusCode.OK),
        new("PUT", "/api/v1/programs/{programId}/slug", $"/api/v1/programs/{ids.Program}/slug", "{}", Allow.AdminOnly, HttpStatusCode.BadRequest),
        new("GET", "/api/v1/programs/{programId}/join-settings", $"/api/v1/programs/{ids.Program}/join-settings", null, Allow.AdminOnly, HttpStatusCode.OK),
        new("PUT", "/api/v1/programs/{programId}/join-settings", $"/api/v1/programs/{ids.Program}/join-settings", "{}", Allow.AdminOnly, HttpStatusCode.OK),
        new("PUT", "/api/v1/programs/{programId}/terms", $"/api/v1/programs/{ids.Program}/terms", "{}", Allow.AdminOnly, HttpStatusCode.BadRequest),
        new("GET", "/api/v1/programs/{programId}/terms", $"/api/v1/programs/{ids.Program}/terms", null, Allow.Finance | Allow.Shop | Allow.Partner, HttpStatusCode.NotFound),
        new("GET", "/api/v1/programs/{programId}/agreements", $"/api/v1/programs/{ids.Program}/agreements", null, Allow.AdminOnly, HttpStatusCode.OK),
        new("GET", "/api/v1/programs/{programId}/applications", $"/api/v1/programs/{ids.Program}/applications", null, Allow.AdminOnly, HttpStatusCode.OK),
        new("POST", "/api/v1/programs/{programId}/applications/{applicationId}/decision", $"/api/v1/programs/{ids.Program}/applications/app_unknown/decision", "{}", Allow.AdminOnly, HttpStatusCode.BadRequest),
        new("GET", "/join/{slug}", "/join/no-such-program", null, Allow.Public, HttpStatusCode.NotFound),
        new("POST", "/api/v1/programs/{programId}/groups", $"/api/v1/programs/{ids.Program}/groups", "{}", Allow.AdminOnly, HttpStatusCode.BadRequest),
        new("GET", "/api/v1/programs/{programId}/groups", $"/api/v1/programs/{ids.Program}/groups", null, Allow.AdminOnly, HttpStatusCode.OK),
        new("GET", "/api/v1/programs/{programId}/groups/{groupId}", $"/api/v1/programs/{ids.Program}/groups/default", null, Allow.AdminOnly, HttpStatusCode.OK),
        new("PUT", "/api/v1/programs/{programId}/groups/{groupId}/plan", $"/api/v1/programs/{ids.Program}/groups/default/plan", "{}", Allow.AdminOnly, HttpStatusCode.BadRequest),
        new("PUT", "/api/v1/programs/{programId}/plan", $"/api/v1/programs/{ids.Program}/plan", "{}", Allow.AdminOnly, HttpStatusCode.BadRequest),
        new("PUT", "/api/v1/partners/{partnerId}/group", $"/api/v1/partners/{ids.Partner}/group", "{}", Allow.AdminOnly, HttpStatusCode.BadRequest),
        new("GET", "/api/v1/partners/{partnerId}/group", $"/api/v1/partners/{ids.Partner}/group", null, Allow.Partner, HttpStatusCode.OK, NamesPartner: true),
        new("PUT", "/api/v1/partners/{partnerId}/plan", $"/api/v1/partners/{ids.Partner}/plan", "{}", Allow.AdminOnly, HttpStatusCode.BadRequest),
        new("DELETE", "/api/v1/partners/{partnerId}/plan", $"/api/v1/partners/{ids.Partner}/plan", null, Allow.AdminOnly, HttpStatusCode.OK),
        new("GET", "/api/v1/partners/{partnerId}/profile", $"/api/v1/partners/{ids.Partner}/profile", null, Allow.Partner, HttpStatusCode.OK, NamesPartner: true),
        new("PUT", "/api/v1/partners/{partnerId}/profile", $"/api/v1/partners/{ids.Partner}/profile", "{}", Allow.Partner, HttpStatusCode.BadRequest, NamesPartner: true),
        new("GET", "/api/v1/partners/{partnerId}/payout-details", $"/api/v1/partners/{ids.Partner}/payout-details", null, Allow.Partner, HttpStatusCode.OK, NamesPartner: true),
        new("PUT", "/api/v1/partners/{partnerId}/payout-details", $"/api/v1/partners/{ids.Partner}/payout-details", "{}", Allow.Partner, HttpStatusCode.BadRequest, NamesPartner: true),
        new("POST", "/api/v1/programs/{programId}/reconciliations", $"/api/v1/programs/{ids.Program}/reconciliations", "{}", Allow.Finance, HttpStatusCode.UnprocessableEntity),
        new("GET", "/api/v1/programs/{programId}/reconciliations", $"/api/v1/programs/{ids.Program}/reconciliations", null, Allow.Finance, HttpStatusCode.OK),
        new("GET", "/api/v1/programs/{programId}/reconciliations/{reconciliationId}", $"/api/v1/programs/{ids.Program}/reconciliations/rec_unknown", null, Allow.Finance, HttpStatusCode.NotFound),
        new("GET", "/api/v1/programs/{programId}/reconciliations/{reconciliationId}/items", $"/api/v1/programs/{ids.Program}/reconciliations/rec_unknown/items", null, Allow.Finance, HttpStatusCode.NotFound),
        new("GET", "/api/v1/programs/{programId}/reconciliations/{reconciliationId}/items.csv", $"/api/v1/programs/{ids.Program}/reconciliations/rec_unknown/items.csv", null, Allow.Finance, HttpStatusCode.NotFound),
        new("POST", "/api/v1/programs/{programId}/reconciliations/{reconciliationId}/replay", $"/api/v1/programs/{ids.Program}/reconciliations/rec_unknown/replay", null, Allow.Finance, HttpStatusCode.NotFound),

        // Pages take no API key: every caller of the table is anonymous to them and is sent to sign in.
        new("GET", "/signin", "/signin", null, Allow.Public, HttpStatusCode.OK),
        new("GET", "/signout", "/signout", null, Allow.Public, HttpStatusCode.Found),
        new("GET", "/signin/denied", "/signin/denied", null, Allow.Public, HttpStatusCode.Forbidden),
        new("GET", "/portal", "/portal", null, Allow.Public, HttpStatusCode.Found),
        new("GET", "/portal/statements/{period}", "/portal/statements/2026-01", null, Allow.Public, HttpStatusCode.Found),
        new("GET", "/portal/signin/{token}", "/portal/signin/not-a-token", null, Allow.Public, HttpStatusCode.BadRequest),
        new("GET", "/manage", "/manage", null, Allow.Public, HttpStatusCode.Found),
        new("GET", "/manage/{programId}", $"/manage/{ids.Program}", null, Allow.Public, HttpStatusCode.Found),
        new("GET", "/manage/{programId}/webhooks", $"/manage/{ids.Program}/webhooks", null, Allow.Public, HttpStatusCode.Found),
        new("GET", "/manage/{programId}/applications", $"/manage/{ids.Program}/applications", null, Allow.Public, HttpStatusCode.Found),
        new("GET", "/portal/terms", "/portal/terms", null, Allow.Public, HttpStatusCode.Found),
        new("GET", "/manage/{programId}/groups", $"/manage/{ids.Program}/groups", null, Allow.Public, HttpStatusCode.Found),
        new("GET", "/portal/account", "/portal/account", null, Allow.Public, HttpStatusCode.Found),
        new("GET", "/portal/links/new", "/portal/links/new", null, Allow.Public, HttpStatusCode.Found),
        new("GET", "/finance", "/finance", null, Allow.Public, HttpStatusCode.Found),
        new("GET", "/finance/runs/{runId}", $"/finance/runs/{ids.Run}", null, Allow.Public, HttpStatusCode.Found),
        new("GET", "/finance/runs/{runId}/payouts.csv", $"/finance/runs/{ids.Run}/payouts.csv", null, Allow.Public, HttpStatusCode.Found),
        new("GET", "/finance/runs/{runId}/exports/{format}", $"/finance/runs/{ids.Run}/exports/paypal", null, Allow.Public, HttpStatusCode.Found),
        new("GET", "/finance/programs/{programId}/reconciliations", $"/finance/programs/{ids.Program}/reconciliations", null, Allow.Public, HttpStatusCode.Found),
        new("GET", "/finance/programs/{programId}/reconciliations/{reconciliationId}", $"/finance/programs/{ids.Program}/reconciliations/rec_unknown", null, Allow.Public, HttpStatusCode.Found),
        new("GET", "/finance/programs/{programId}/reconciliations/{reconciliationId}/items.csv", $"/finance/programs/{ids.Program}/reconciliations/rec_unknown/items.csv", null, Allow.Public, HttpStatusCode.Found),
    ];

    private static HttpStatusCode Expected(Row row, string caller) => caller switch
    {
        _ when row.Allow.HasFlag(Allow.Public) => row.Allowed,
        Anonymous or WrongKey or ExpiredKey or RevokedKey => HttpStatusCode.Unauthorized,
        Admin => row.Allowed,
        Finance => row.Allow.HasFlag(Allow.Finance) ? row.Allowed : HttpStatusCode.Forbidden,
        Shop => row.Allow.HasFlag(Allow.Shop) ? row.Allowed : HttpStatusCode.Forbidden,
        PartnerA => row.Allow.HasFlag(Allow.Partner) ? row.Allowed : HttpStatusCode.Forbidden,
        PartnerB => row.Allow.HasFlag(Allow.Partner) && !row.NamesPartner ? row.Allowed : HttpStatusCode.Forbidden,
        _ => HttpStatusCode.Forbidden, // the other program's shop and partner, everywhere
    };

    private sealed record Ids(string Program, string Partner, string Code, string Run);

    [Fact]
    public async Task Every_endpoint_answers_each_kind_of_caller_as_the_table_says()
    {
        var program = await Api.CreateProgramAsync();
        var partner = await Api.CreatePartnerAsync(program);
        var partnerB = await Api.CreatePartnerAsync(program, "bob@example.com");
        var otherProgram = await Api.CreateProgramAsync();
        var otherPartner = await Api.CreatePartnerAsync(otherProgram, "eve@example.com");
        var code = (await Api.CreateLinkAsync(program, partner)).GetProperty("code").GetString()!;
        var run = (await Api.PostAsync($"/api/v1/programs/{program}/payout-runs", new { periodEnd = DateTimeOffset.UtcNow.AddSeconds(-1) }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var revoked = await IssueAsync(new { role = "admin", name = "Former admin" });
        await Api.Client.DeleteAsync($"/api/v1/keys/{revoked.Id}");
        var keys = new Dictionary<string, string?>
        {
            [Anonymous] = null,
            [WrongKey] = ReferralsApp.AdminKey + "x",
            [Shop] = (await IssueAsync(new { role = "shop", name = "Shop A", programId = program })).Key,
            [OtherShop] = (await IssueAsync(new { role = "shop", name = "Shop B", programId = otherProgram })).Key,
            [PartnerA] = (await IssueAsync(new { role = "partner", name = "Ada", programId = program, partnerId = partner })).Key,
            [PartnerB] = (await IssueAsync(new { role = "partner", name = "Bob", programId = program, partnerId = partnerB })).Key,
            [OtherPartner] = (await IssueAsync(new { role = "partner", name = "Eve", programId = otherProgram, partnerId = otherPartner })).Key,
            [Finance] = (await IssueAsync(new { role = "finance", name = "Finance" })).Key,
            [Admin] = ReferralsApp.AdminKey,
            [ExpiredKey] = await ExpiredAdminKeyAsync(),
            [RevokedKey] = revoked.Key,
        };
        var endpoints = Endpoints(new Ids(program, partner, code, run)).ToArray();
        using var client = App.CreateVisitorClient();

        var mismatches = new List<string>();
        var serverErrors = 0;
        var refusals = 0;
        foreach (var row in endpoints)
        {
            foreach (var caller in Callers)
            {
                using var request = new HttpRequestMessage(new HttpMethod(row.Method), row.Path);
                if (row.Body is not null)
                {
                    request.Content = new StringContent(row.Body, Encoding.UTF8, "application/json");
                }

                if (keys[caller] is { } key)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                }

                using var response = await client.SendAsync(request);
                var expected = Expected(row, caller);
                serverErrors += (int)response.StatusCode >= 500 ? 1 : 0;
                if (response.StatusCode != expected)
                {
                    mismatches.Add($"{row.Method} {row.Path} as {caller}: {(int)response.StatusCode}, expected {(int)expected}");
                }
                else if (expected is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden && !row.Path.StartsWith("/signin", StringComparison.Ordinal))
                {
                    // Pages answer people with an HTML page; everything else answers with problem details.
                    refusals++;
                    if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    {
                        mismatches.Add($"{row.Method} {row.Path} as {caller}: refused without problem details");
                    }
                }
            }
        }

        output.WriteLine($"endpoints: {endpoints.Length}, callers: {Callers.Length}, requests: {endpoints.Length * Callers.Length}, refused (401/403): {refusals}, mismatches: {mismatches.Count}, 5xx: {serverErrors}");
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
        Assert.Equal(0, serverErrors);
    }

    [Fact]
    public async Task The_table_names_every_mapped_endpoint()
    {
        var mapped = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => !(endpoint.RoutePattern.RawText ?? "").StartsWith("/health", StringComparison.Ordinal))
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? (IsPage(endpoint) ? ["GET"] : ["*"])).Select(method => $"{method} /{endpoint.RoutePattern.RawText?.TrimStart('/')}"))
            .ToHashSet(StringComparer.Ordinal);
        var listed = Endpoints(new Ids("p", "q", "c", "r")).Select(endpoint => $"{endpoint.Method} {endpoint.Pattern}").ToHashSet(StringComparer.Ordinal);

        var missing = mapped.Except(listed).Order(StringComparer.Ordinal).ToArray();
        output.WriteLine($"mapped: {mapped.Count}, in the table: {listed.Count}, missing: {missing.Length}");
        Assert.True(missing.Length == 0, "Add these endpoints to the authorization table: " + string.Join(", ", missing));
        await Task.CompletedTask;
    }

    private async Task<(string Id, string Key)> IssueAsync(object draft)
    {
        var issued = await Api.PostAsync("/api/v1/keys", draft, HttpStatusCode.Created);
        return (issued.GetProperty("id").GetString()!, issued.GetProperty("key").GetString()!);
    }

    /// <summary>
    /// The API refuses to issue a key that has already expired, so this one is written straight to the
    /// app's key store, as a key issued long ago would be.
    /// </summary>
    private async Task<string> ExpiredAdminKeyAsync()
    {
        const string secret = "rk_expired0123456789abcdefghijklmnopqrstuvwxyz";
        var issuedAt = DateTimeOffset.UtcNow.AddDays(-30);
        await App.Services.GetRequiredService<IApiKeyStore>().CreateAsync(
            IssueApiKey.Hash(secret),
            new ApiKey("key_expired" + Guid.NewGuid().ToString("N")[..8], "Expired admin", ApiKeyRoles.Admin, issuedAt) { ExpiresAt = issuedAt.AddDays(7) },
            CancellationToken.None);
        return secret;
    }

    private static bool IsPage(RouteEndpoint endpoint) => endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.CompiledPageActionDescriptor>() is not null
        || endpoint.Metadata.Any(item => item.GetType().Name.Contains("PageActionDescriptor", StringComparison.Ordinal));
}
