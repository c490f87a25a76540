using Referrals.Api.Tracking;
using Referrals.Functions.Http;
using Referrals.Functions.Tests.Infrastructure;

namespace Referrals.Functions.Tests.Http;

/// <summary>The shop script, its clicks with their CORS answers, and a link's QR code through the functions.</summary>
public sealed class ScriptTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    private const string Shop = "https://shop.example.com";
    private readonly FunctionsApi _api = new(app);

    [Fact]
    public async Task A_click_from_the_shop_origin_is_recorded_and_readable_by_its_id()
    {
        var (programId, code) = await _api.CreateLinkAsync();

        var answer = await RecordAsync(programId, new { code, landingUrl = $"{Shop}/?via={code}" }, Shop);
        var clickId = answer.Json.GetProperty("clickId").GetString()!;
        var click = await _api.GetClickAsync(clickId);

        Assert.True(answer.Status == 201, $"RecordScriptClick answered {answer}");
        Assert.Equal(Shop, answer.Headers.AccessControlAllowOrigin.ToString());
        Assert.Equal(200, click.Status);
        Assert.Equal(code, click.Json.GetProperty("linkCode").GetString());
    }

    [Fact]
    public async Task A_click_from_a_foreign_origin_is_refused_and_stores_nothing()
    {
        var (programId, code) = await _api.CreateLinkAsync();
        var before = await app.CountRowsAsync();

        var answer = await RecordAsync(programId, new { code, landingUrl = $"{Shop}/" }, "https://elsewhere.example.org");

        Assert.Equal(403, answer.Status);
        Assert.Equal(string.Empty, answer.Headers.AccessControlAllowOrigin.ToString());
        Assert.Equal(before, await app.CountRowsAsync());
    }

    [Fact]
    public async Task The_preflight_allows_only_the_program_s_shop()
    {
        var (programId, _) = await _api.CreateLinkAsync();

        var allowed = await PreflightAsync(programId, Shop);
        var refused = await PreflightAsync(programId, "https://elsewhere.example.org");

        Assert.Equal(204, allowed.Status);
        Assert.Equal(Shop, allowed.Headers.AccessControlAllowOrigin.ToString());
        Assert.Equal(403, refused.Status);
        Assert.Equal(string.Empty, refused.Headers.AccessControlAllowOrigin.ToString());
    }

    [Fact]
    public async Task The_script_is_served_with_its_version_as_ETag()
    {
        var answer = await app.CallAsync<ScriptFunctions>(
            FunctionRequest.Get($"/t.js?v={TrackingScript.Version}"), (_, request) => Task.FromResult(ScriptFunctions.GetTrackingScript(request)));

        Assert.Equal(200, answer.Status);
        Assert.Equal($"\"{TrackingScript.Version}\"", answer.Headers.ETag.ToString());
        Assert.Equal("public, max-age=31536000, immutable", answer.Headers.CacheControl.ToString());
        Assert.Contains("window.referrals", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_s_QR_code_is_an_SVG()
    {
        var (programId, code) = await _api.CreateLinkAsync();

        var answer = await app.CallAsync<ProgramFunctions>(
            FunctionRequest.Get($"/api/v1/programs/{programId}/links/{code}/qr.svg").WithAdminKey(),
            (functions, request) => functions.GetLinkQrCodeAsync(request, programId, code));

        Assert.Equal(200, answer.Status);
        Assert.StartsWith("image/svg+xml", answer.ContentType, StringComparison.Ordinal);
        Assert.Contains("<svg", answer.Body, StringComparison.Ordinal);
    }

    private Task<FunctionAnswer> RecordAsync(string programId, object body, string origin) =>
        app.CallAsync<ScriptFunctions>(
            FunctionRequest.PostJson($"/api/v1/programs/{programId}/clicks", body) with
            {
                UserAgent = FunctionsApp.BrowserUserAgent,
                ForwardedFor = "203.0.113.9",
                Headers = new Dictionary<string, string> { ["Origin"] = origin },
            },
            (functions, request) => functions.RecordScriptClickAsync(request, programId));

    private Task<FunctionAnswer> PreflightAsync(string programId, string origin) =>
        app.CallAsync<ScriptFunctions>(
            new FunctionRequest("OPTIONS", $"/api/v1/programs/{programId}/clicks")
            {
                Headers = new Dictionary<string, string> { ["Origin"] = origin, ["Access-Control-Request-Method"] = "POST" },
            },
            (functions, request) => functions.PreflightScriptClickAsync(request, programId));
}
