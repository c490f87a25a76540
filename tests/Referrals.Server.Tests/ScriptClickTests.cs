using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Referrals.Api.Tracking;

namespace Referrals.Server.Tests;

/// <summary>The script's click endpoint, the script file itself, links' campaign parameters and QR codes, over HTTP.</summary>
public sealed partial class ScriptClickTests : ServerTest
{
    private const string Shop = "https://shop.example.com";
    private const string ChromeAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

    [Fact]
    public async Task A_click_from_the_shop_origin_is_recorded_with_CORS_permission()
    {
        var (programId, partnerId, code) = await ProgramWithLinkAsync();

        using var response = await PostClickAsync(programId, new { code, landingUrl = $"{Shop}/pricing?via={code}", referrer = "https://news.example.org/story" }, Shop);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(Shop, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(30, body.GetProperty("cookieDays").GetInt32());
        var click = await Api.GetAsync($"/api/v1/clicks/{body.GetProperty("clickId").GetString()}");
        Assert.Equal(partnerId, click.GetProperty("partnerId").GetString());
        Assert.Equal("news.example.org", click.GetProperty("referrerHost").GetString());
    }

    [Fact]
    public async Task A_crawler_s_click_is_stored_as_a_bot_like_the_redirect_stores_it()
    {
        var (programId, _, code) = await ProgramWithLinkAsync();

        using var response = await PostClickAsync(programId, new { code, landingUrl = $"{Shop}/" }, Shop, userAgent: "Googlebot/2.1 (+http://www.google.com/bot.html)");
        var clickId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("clickId").GetString();

        Assert.True((await Api.GetAsync($"/api/v1/clicks/{clickId}")).GetProperty("isBot").GetBoolean());
    }

    [Fact]
    public async Task The_preflight_allows_the_program_s_shop_and_refuses_other_origins()
    {
        var (programId, _, _) = await ProgramWithLinkAsync();

        using var allowed = await PreflightAsync(programId, "https://www.shop.example.com");
        using var refused = await PreflightAsync(programId, "https://shop.example.com.evil.example");

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal("https://www.shop.example.com", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    public static TheoryData<string, string, HttpStatusCode> BadClicks => new()
    {
        { "unknown code", "unknown", HttpStatusCode.NotFound },
        { "foreign origin", "foreign", HttpStatusCode.Forbidden },
        { "10 KB landing URL", "long", HttpStatusCode.BadRequest },
        { "landing page off the allowed hosts", "offsite", HttpStatusCode.BadRequest },
        { "code of another program", "other", HttpStatusCode.NotFound },
        { "no landing URL", "missing", HttpStatusCode.BadRequest },
        { "retired link", "retired", HttpStatusCode.Gone },
    };

    [Theory]
    [MemberData(nameof(BadClicks))]
    public async Task A_bad_click_gets_a_problem_and_stores_nothing(string because, string kind, HttpStatusCode expected)
    {
        var (programId, _, code) = await ProgramWithLinkAsync();
        var (_, _, otherCode) = await ProgramWithLinkAsync();
        if (kind == "retired")
        {
            await Api.PostAsync($"/api/v1/programs/{programId}/links/{code}/retire", new { }, HttpStatusCode.OK);
        }

        var before = await App.CountRowsAsync();
        object body = kind switch
        {
            "unknown" => new { code = "Zz999999", landingUrl = $"{Shop}/" },
            "long" => new { code, landingUrl = $"{Shop}/?q={new string('a', 10 * 1024)}" },
            "offsite" => new { code, landingUrl = "https://elsewhere.example.org/" },
            "other" => new { code = otherCode, landingUrl = $"{Shop}/" },
            "missing" => new { code },
            _ => new { code, landingUrl = $"{Shop}/" },
        };

        using var response = await PostClickAsync(programId, body, kind == "foreign" ? "https://elsewhere.example.org" : Shop);

        Assert.True(response.StatusCode == expected, $"{because}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await App.CountRowsAsync());
    }

    [Fact]
    public async Task The_script_is_cacheable_under_its_versioned_URL_and_the_README_names_its_integrity()
    {
        using var bare = await Visitor.GetAsync("/t.js");
        var bytes = await bare.Content.ReadAsByteArrayAsync();
        using var versioned = await Visitor.GetAsync($"/t.js?v={TrackingScript.Version}");
        using var revalidation = new HttpRequestMessage(HttpMethod.Get, "/t.js");
        revalidation.Headers.TryAddWithoutValidation("If-None-Match", bare.Headers.ETag!.ToString());
        using var unchanged = await Visitor.SendAsync(revalidation);
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "README.md"));

        Assert.Equal(HttpStatusCode.OK, bare.StatusCode);
        Assert.Equal("text/javascript", bare.Content.Headers.ContentType?.MediaType);
        Assert.InRange(bytes.Length, 1, 8 * 1024);
        Assert.Equal("sha384-" + Convert.ToBase64String(System.Security.Cryptography.SHA384.HashData(bytes)), TrackingScript.Integrity);
        Assert.Equal("public, max-age=300", bare.Headers.CacheControl!.ToString());
        Assert.Equal("public, max-age=31536000, immutable", versioned.Headers.CacheControl!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Contains($"/t.js?v={TrackingScript.Version}", readme, StringComparison.Ordinal);
        Assert.Contains($"integrity=\"{TrackingScript.Integrity}\"", readme, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_s_campaign_parameters_are_appended_to_its_destination_on_redirect()
    {
        var (programId, partnerId, _) = await ProgramWithLinkAsync();
        var link = await Api.PostAsync($"/api/v1/programs/{programId}/links", new
        {
            partnerId,
            destination = $"{Shop}/pricing?plan=pro#faq",
            utm = new { source = "partner", medium = "affiliate", campaign = "spring sale" },
        }, HttpStatusCode.Created);

        using var response = await Visitor.GetAsync($"/r/{link.GetProperty("code").GetString()}");

        Assert.Equal("partner", link.GetProperty("utm").GetProperty("source").GetString());
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Matches(
            UtmLocation(),
            response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_campaign_parameter_that_is_too_long_is_refused()
    {
        var (programId, partnerId, _) = await ProgramWithLinkAsync();

        using var response = await Api.Client.PostAsJsonAsync($"/api/v1/programs/{programId}/links", new { partnerId, destination = $"{Shop}/", utm = new { source = new string('s', 201) } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("utm.source", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_has_a_QR_code_of_its_URL_and_other_programs_links_have_none()
    {
        var (programId, _, code) = await ProgramWithLinkAsync();
        var (otherProgram, _, _) = await ProgramWithLinkAsync();

        using var response = await Api.Client.GetAsync($"/api/v1/programs/{programId}/links/{code}/qr.svg");
        var svg = await response.Content.ReadAsStringAsync();
        using var elsewhere = await Api.Client.GetAsync($"/api/v1/programs/{otherProgram}/links/{code}/qr.svg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    private async Task<(string ProgramId, string PartnerId, string Code)> ProgramWithLinkAsync()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        var link = await Api.CreateLinkAsync(programId, partnerId);
        return (programId, partnerId, link.GetProperty("code").GetString()!);
    }

    private async Task<HttpResponseMessage> PostClickAsync(string programId, object body, string origin, string userAgent = ChromeAgent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/programs/{programId}/clicks")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", origin);
        request.Headers.UserAgent.Clear();
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        return await Visitor.SendAsync(request);
    }

    private async Task<HttpResponseMessage> PreflightAsync(string programId, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, $"/api/v1/programs/{programId}/clicks");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return await Visitor.SendAsync(request);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ReferralFunctions.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (ReferralFunctions.sln) is not above the test output.");
    }

    [GeneratedRegex(@"^https://shop\.example\.com/pricing\?plan=pro&utm_source=partner&utm_medium=affiliate&utm_campaign=spring%20sale&ref_click=[^&#]+#faq$")]
    private static partial Regex UtmLocation();
}
