using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Referrals.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Referrals.Server.Tests;

/// <summary>The OpenAPI description covers the HTTP contract of SPEC.md and every API endpoint the server maps.</summary>
public sealed class OpenApiTests(ITestOutputHelper output) : ServerTest
{
    /// <summary>The table "HTTP contract" of SPEC.md, method and path as clients rely on them.</summary>
    private static readonly (string Method, string Path)[] Contract =
    [
        ("post", "/api/v1/programs"),
        ("post", "/api/v1/programs/{programId}/partners"),
        ("post", "/api/v1/programs/{programId}/links"),
        ("post", "/api/v1/programs/{programId}/codes"),
        ("get", "/r/{code}"),
        ("post", "/api/v1/programs/{programId}/conversions"),
        ("post", "/webhooks/stripe/{programId}"),
        ("post", "/webhooks/paddle/{programId}"),
        ("post", "/webhooks/generic/{programId}"),
        ("get", "/api/v1/partners/{partnerId}/stats"),
        ("get", "/api/v1/programs/{programId}/commissions"),
        ("post", "/api/v1/programs/{programId}/payout-runs"),
        ("get", "/api/v1/payout-runs/{runId}"),
        ("post", "/api/v1/payout-runs/{runId}/decision"),
        ("get", "/health/live"),
        ("get", "/health/ready"),
    ];

    /// <summary>Paths that are not part of the API description on purpose: the description itself, its UI, pages for people.</summary>
    private static readonly string[] NotApi = ["/openapi/", "/docs", "/payout-decisions/", "/portal", "/manage", "/finance", "/signin", "/signout", "/assets/", "/Error", "/health/", "/join/"];

    [Fact]
    public async Task Every_path_of_the_spec_contract_is_described_with_its_method()
    {
        var paths = await PathsAsync();

        var missing = Contract.Where(entry => !paths.TryGetValue(entry.Path, out var methods) || !methods.Contains(entry.Method)).ToArray();

        output.WriteLine($"contract: {Contract.Length}, described paths: {paths.Count}, missing: {missing.Length}");
        Assert.True(missing.Length == 0, "Not described: " + string.Join(", ", missing.Select(entry => $"{entry.Method} {entry.Path}")));
    }

    [Fact]
    public async Task Every_mapped_api_endpoint_is_described()
    {
        var paths = await PathsAsync();
        var mapped = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(endpoint => (Path: "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/'), Methods: endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]))
            .Where(endpoint => !NotApi.Any(prefix => endpoint.Path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            .SelectMany(endpoint => endpoint.Methods.Select(method => (Method: method.ToLowerInvariant(), endpoint.Path)))
            .ToArray();

        var missing = mapped.Where(entry => !paths.TryGetValue(entry.Path, out var methods) || !methods.Contains(entry.Method)).ToArray();

        output.WriteLine($"mapped API endpoints: {mapped.Length}, missing from the description: {missing.Length}");
        Assert.NotEmpty(mapped);
        Assert.True(missing.Length == 0, "Not described: " + string.Join(", ", missing.Select(entry => $"{entry.Method} {entry.Path}")));
    }

    [Fact]
    public async Task Management_operations_name_the_bearer_scheme_and_answer_problems()
    {
        var document = await DocumentAsync();
        var operation = document.GetProperty("paths").GetProperty("/api/v1/programs").GetProperty("post");

        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.True(operation.GetProperty("security")[0].TryGetProperty("Bearer", out _));
        Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()));
        Assert.True(operation.TryGetProperty("requestBody", out _));
        var responses = operation.GetProperty("responses");
        Assert.True(responses.GetProperty("201").GetProperty("content").TryGetProperty("application/json", out _));
        foreach (var status in new[] { "400", "401", "403" })
        {
            Assert.True(responses.GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _), $"{status} is not described as a problem");
        }
    }

    [Fact]
    public async Task The_description_names_the_licence_of_the_repository_s_LICENSE_file()
    {
        var license = (await DocumentAsync()).GetProperty("info").GetProperty("license");
        var file = await File.ReadAllLinesAsync(Path.Combine(NodeCli.RepositoryRoot, "LICENSE"));

        Assert.Equal(file[0], license.GetProperty("name").GetString());
        Assert.Equal("MIT", license.GetProperty("identifier").GetString());
        Assert.Contains("Copyright (c) 2026 The Referral Pipeline contributors", file);
    }

    [Fact]
    public async Task Every_operation_has_a_summary()
    {
        var document = await DocumentAsync();

        var unsummarized = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(method => (Name: $"{method.Name} {path.Name}", Operation: method.Value)))
            .Where(entry => !entry.Operation.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString()))
            .Select(entry => entry.Name)
            .ToArray();

        Assert.True(unsummarized.Length == 0, "Without a summary: " + string.Join(", ", unsummarized));
    }

    [Fact]
    public async Task Public_endpoints_need_no_key_in_the_description()
    {
        var document = await DocumentAsync();

        var redirect = document.GetProperty("paths").GetProperty("/r/{code}").GetProperty("get");

        Assert.Equal(0, redirect.GetProperty("security").GetArrayLength()); // explicitly none, as the lint asks
        Assert.True(redirect.GetProperty("responses").TryGetProperty("429", out _));
    }

    [Fact]
    public async Task The_docs_page_serves_the_ui_and_its_script_from_this_server()
    {
        using var client = App.CreateClient();

        using var page = await client.GetAsync("/docs");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn.jsdelivr.net", html, StringComparison.Ordinal);
        var script = System.Text.RegularExpressions.Regex.Match(html, "<script[^>]+src=\"([^\"]+)\"").Groups[1].Value;
        Assert.False(script.StartsWith("http", StringComparison.OrdinalIgnoreCase), $"the UI loads '{script}' from elsewhere");
        using var bundle = await client.GetAsync(new Uri(new Uri(client.BaseAddress!, "/docs/"), script));
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.True((await bundle.Content.ReadAsByteArrayAsync()).Length > 100_000);
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<Dictionary<string, HashSet<string>>> PathsAsync()
    {
        var document = await DocumentAsync();
        return document.GetProperty("paths").EnumerateObject()
            .ToDictionary(path => path.Name, path => path.Value.EnumerateObject().Select(method => method.Name).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
    }
}
