using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Referrals.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Referrals.Server.Tests;

/// <summary>
/// Every endpoint against every kind of caller, in one table. Partner and shop keys, expiry and
/// revocation do not exist yet: an unknown key stands in for a revoked one, and cross-partner access
/// gets its rows when partner keys do.
/// </summary>
public sealed class AuthorizationMatrixTests(ITestOutputHelper output) : ServerTest
{
    private const string Anonymous = "no key";
    private const string WrongKey = "wrong key";
    private const string UnknownKey = "revoked or unknown key";
    private const string Admin = "admin";
    private const string Finance = "finance";

    private static readonly string[] Callers = [Anonymous, WrongKey, UnknownKey, Finance, Admin];

    /// <summary>Who may call it: the management API's admin routes, finance's payout routes, or anyone (public).</summary>
    private enum Access
    {
        AdminOnly,
        FinanceOrAdmin,
        Public,
    }

    /// <summary>
    /// method, route pattern (as mapped), concrete path, body, access, and the answer an allowed caller gets.
    /// Bodies are empty objects where possible, so allowed callers get a validation 400 and nothing is stored.
    /// </summary>
    private static IEnumerable<(string Method, string Pattern, string Path, string? Body, Access Access, HttpStatusCode Allowed)> Endpoints(Ids ids) =>
    [
        ("POST", "/api/v1/programs", "/api/v1/programs", "{}", Access.AdminOnly, HttpStatusCode.BadRequest),
        ("GET", "/api/v1/programs/{programId}", $"/api/v1/programs/{ids.Program}", null, Access.AdminOnly, HttpStatusCode.OK),
        ("POST", "/api/v1/programs/{programId}/partners", $"/api/v1/programs/{ids.Program}/partners", "{}", Access.AdminOnly, HttpStatusCode.BadRequest),
        ("GET", "/api/v1/partners/{partnerId}", $"/api/v1/partners/{ids.Partner}", null, Access.AdminOnly, HttpStatusCode.OK),
        ("POST", "/api/v1/programs/{programId}/links", $"/api/v1/programs/{ids.Program}/links", "{}", Access.AdminOnly, HttpStatusCode.BadRequest),
        ("POST", "/api/v1/programs/{programId}/codes", $"/api/v1/programs/{ids.Program}/codes", "{}", Access.AdminOnly, HttpStatusCode.BadRequest),
        ("POST", "/api/v1/programs/{programId}/conversions", $"/api/v1/programs/{ids.Program}/conversions", "{}", Access.AdminOnly, HttpStatusCode.BadRequest),
        ("GET", "/api/v1/programs/{programId}/conversions/{conversionId}", $"/api/v1/programs/{ids.Program}/conversions/cv_unknown", null, Access.AdminOnly, HttpStatusCode.NotFound),
        ("GET", "/api/v1/programs/{programId}/commissions", $"/api/v1/programs/{ids.Program}/commissions", null, Access.AdminOnly, HttpStatusCode.OK),
        ("GET", "/api/v1/programs/{programId}/commissions/{commissionId}", $"/api/v1/programs/{ids.Program}/commissions/cm_unknown", null, Access.AdminOnly, HttpStatusCode.NotFound),
        ("POST", "/api/v1/programs/{programId}/commissions/{commissionId}/review", $"/api/v1/programs/{ids.Program}/commissions/cm_unknown/review", "{}", Access.AdminOnly, HttpStatusCode.BadRequest),
        ("POST", "/api/v1/programs/{programId}/tiers/close", $"/api/v1/programs/{ids.Program}/tiers/close", "{}", Access.AdminOnly, HttpStatusCode.BadRequest),
        ("POST", "/api/v1/programs/{programId}/leads", $"/api/v1/programs/{ids.Program}/leads", "{}", Access.AdminOnly, HttpStatusCode.BadRequest),
        ("GET", "/api/v1/programs/{programId}/dead-letters", $"/api/v1/programs/{ids.Program}/dead-letters", null, Access.AdminOnly, HttpStatusCode.OK),
        ("POST", "/api/v1/programs/{programId}/dead-letters/{messageId}/retry", $"/api/v1/programs/{ids.Program}/dead-letters/unknown/retry", null, Access.AdminOnly, HttpStatusCode.NotFound),
        ("PUT", "/api/v1/programs/{programId}/integrations/{provider}", $"/api/v1/programs/{ids.Program}/integrations/generic", "{}", Access.AdminOnly, HttpStatusCode.BadRequest),
        ("GET", "/api/v1/clicks/{clickId}", "/api/v1/clicks/not-a-click", null, Access.AdminOnly, HttpStatusCode.BadRequest),
        ("GET", "/api/v1/partners/{partnerId}/stats", $"/api/v1/partners/{ids.Partner}/stats", null, Access.AdminOnly, HttpStatusCode.OK),
        ("POST", "/api/v1/keys", "/api/v1/keys", "{}", Access.AdminOnly, HttpStatusCode.BadRequest),
        ("POST", "/api/v1/programs/{programId}/payout-runs", $"/api/v1/programs/{ids.Program}/payout-runs", "{}", Access.AdminOnly, HttpStatusCode.BadRequest),
        ("GET", "/api/v1/payout-runs/{runId}", $"/api/v1/payout-runs/{ids.Run}", null, Access.FinanceOrAdmin, HttpStatusCode.OK),
        ("POST", "/api/v1/payout-runs/{runId}/decision", $"/api/v1/payout-runs/{ids.Run}/decision", "{}", Access.FinanceOrAdmin, HttpStatusCode.BadRequest),
        ("GET", "/api/v1/payout-runs/{runId}/payouts.csv", $"/api/v1/payout-runs/{ids.Run}/payouts.csv", null, Access.FinanceOrAdmin, HttpStatusCode.Conflict),
        ("GET", "/r/{code}", $"/r/{ids.Code}", null, Access.Public, HttpStatusCode.Found),
        ("GET", "/api/v1/codes/{code}", $"/api/v1/codes/NOSUCHCODE?programId={ids.Program}", null, Access.Public, HttpStatusCode.NotFound),
        ("POST", "/webhooks/stripe/{programId}", $"/webhooks/stripe/{ids.Program}", "{}", Access.Public, HttpStatusCode.BadRequest),
        ("POST", "/webhooks/paddle/{programId}", $"/webhooks/paddle/{ids.Program}", "{}", Access.Public, HttpStatusCode.BadRequest),
        ("POST", "/webhooks/generic/{programId}", $"/webhooks/generic/{ids.Program}", "{}", Access.Public, HttpStatusCode.BadRequest),
        ("GET", "/payout-decisions/{token}", "/payout-decisions/not-a-token", null, Access.Public, HttpStatusCode.BadRequest),
        ("POST", "/payout-decisions/{token}", "/payout-decisions/not-a-token", null, Access.Public, HttpStatusCode.BadRequest),
        ("GET", "/openapi/{documentName}.json", "/openapi/v1.json", null, Access.Public, HttpStatusCode.OK),
    ];

    private static HttpStatusCode Expected(Access access, string caller, HttpStatusCode allowed) => (access, caller) switch
    {
        (Access.Public, _) => allowed,
        (_, Anonymous or WrongKey or UnknownKey) => HttpStatusCode.Unauthorized,
        (Access.AdminOnly, Finance) => HttpStatusCode.Forbidden,
        _ => allowed,
    };

    private sealed record Ids(string Program, string Partner, string Code, string Run);

    [Fact]
    public async Task Every_endpoint_answers_each_kind_of_caller_as_the_table_says()
    {
        var program = await Api.CreateProgramAsync();
        var partner = await Api.CreatePartnerAsync(program);
        var code = (await Api.CreateLinkAsync(program, partner)).GetProperty("code").GetString()!;
        var run = (await Api.PostAsync($"/api/v1/programs/{program}/payout-runs", new { periodEnd = DateTimeOffset.UtcNow.AddSeconds(-1) }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var financeKey = (await Api.PostAsync("/api/v1/keys", new { role = "finance", name = "Finance" }, HttpStatusCode.Created)).GetProperty("key").GetString()!;
        var keys = new Dictionary<string, string?>
        {
            [Anonymous] = null,
            [WrongKey] = ReferralsApp.AdminKey + "x",
            [UnknownKey] = "rk_" + new string('a', 52),
            [Finance] = financeKey,
            [Admin] = ReferralsApp.AdminKey,
        };
        var endpoints = Endpoints(new Ids(program, partner, code, run)).ToArray();
        using var client = App.CreateVisitorClient();

        var mismatches = new List<string>();
        var serverErrors = 0;
        foreach (var (method, _, path, body, access, allowed) in endpoints)
        {
            foreach (var caller in Callers)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (body is not null)
                {
                    request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                }

                if (keys[caller] is { } key)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                }

                using var response = await client.SendAsync(request);
                var expected = Expected(access, caller, allowed);
                serverErrors += (int)response.StatusCode >= 500 ? 1 : 0;
                if (response.StatusCode != expected)
                {
                    mismatches.Add($"{method} {path} as {caller}: {(int)response.StatusCode}, expected {(int)expected}");
                }
            }
        }

        output.WriteLine($"endpoints: {endpoints.Length}, callers: {Callers.Length}, requests: {endpoints.Length * Callers.Length}, mismatches: {mismatches.Count}, 5xx: {serverErrors}");
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
        Assert.Equal(0, serverErrors);
    }

    [Fact]
    public async Task The_table_names_every_mapped_endpoint()
    {
        var mapped = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => !(endpoint.RoutePattern.RawText ?? "").StartsWith("/health", StringComparison.Ordinal))
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(method => $"{method} {endpoint.RoutePattern.RawText}"))
            .ToHashSet(StringComparer.Ordinal);
        var listed = Endpoints(new Ids("p", "q", "c", "r")).Select(endpoint => $"{endpoint.Method} {endpoint.Pattern}").ToHashSet(StringComparer.Ordinal);

        var missing = mapped.Except(listed).Order(StringComparer.Ordinal).ToArray();
        output.WriteLine($"mapped: {mapped.Count}, in the table: {listed.Count}, missing: {missing.Length}");
        Assert.True(missing.Length == 0, "Add these endpoints to the authorization table: " + string.Join(", ", missing));
        await Task.CompletedTask;
    }
}
