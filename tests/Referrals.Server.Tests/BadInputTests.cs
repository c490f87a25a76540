using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Referrals.Server.Tests.Infrastructure;

namespace Referrals.Server.Tests;

/// <summary>Every malformed, unknown or unauthorised request gets a 4xx problem naming the problem, and stores nothing.</summary>
public sealed class BadInputTests : ServerTest
{
    public static TheoryData<string, string, string, HttpStatusCode, string> ConversionBodies => new()
    {
        { "malformed JSON", "application/json", "{\"eventId\": \"e1\", ", HttpStatusCode.BadRequest, "not valid JSON" },
        { "wrong type", "application/json", "{\"eventId\":\"e1\",\"type\":\"sale\",\"amount\":\"ten\",\"currency\":\"EUR\",\"customerId\":\"c\"}", HttpStatusCode.BadRequest, "$.amount" },
        { "unknown type", "application/json", "{\"eventId\":\"e1\",\"type\":\"gift\",\"amount\":100,\"currency\":\"EUR\",\"customerId\":\"c\"}", HttpStatusCode.BadRequest, "$.type" },
        { "missing fields", "application/json", "{}", HttpStatusCode.BadRequest, "eventId" },
        { "negative amount", "application/json", "{\"eventId\":\"e1\",\"type\":\"sale\",\"amount\":-5,\"currency\":\"EUR\",\"customerId\":\"c\"}", HttpStatusCode.BadRequest, "amount" },
        { "absurd amount", "application/json", "{\"eventId\":\"e1\",\"type\":\"sale\",\"amount\":100000000000000000,\"currency\":\"EUR\",\"customerId\":\"c\"}", HttpStatusCode.BadRequest, "amount" },
        { "amount beyond long", "application/json", "{\"eventId\":\"e1\",\"type\":\"sale\",\"amount\":1e400,\"currency\":\"EUR\",\"customerId\":\"c\"}", HttpStatusCode.BadRequest, "$.amount" },
        { "unknown currency", "application/json", "{\"eventId\":\"e1\",\"type\":\"sale\",\"amount\":100,\"currency\":\"XYZ\",\"customerId\":\"c\"}", HttpStatusCode.BadRequest, "currency" },
        { "other currency without a rate", "application/json", "{\"eventId\":\"e1\",\"type\":\"sale\",\"amount\":100,\"currency\":\"USD\",\"customerId\":\"c\"}", HttpStatusCode.UnprocessableEntity, "no ECB reference rate for USD" },
        { "malformed click id", "application/json", "{\"eventId\":\"e1\",\"type\":\"sale\",\"amount\":100,\"currency\":\"EUR\",\"customerId\":\"c\",\"clickId\":\"../../x\"}", HttpStatusCode.BadRequest, "clickId" },
        { "empty body", "application/json", "", HttpStatusCode.BadRequest, "empty" },
        { "JSON null", "application/json", "null", HttpStatusCode.BadRequest, "null" },
        { "array instead of object", "application/json", "[1,2]", HttpStatusCode.BadRequest, "not valid JSON" },
        { "deep nesting", "application/json", "{\"x\":" + new string('[', 200) + new string(']', 200) + "}", HttpStatusCode.BadRequest, "not valid JSON" },
        { "not JSON", "text/plain", "eventId=e1", HttpStatusCode.UnsupportedMediaType, "Unsupported Media Type" },
    };

    [Theory]
    [MemberData(nameof(ConversionBodies))]
    public async Task Bad_conversion_is_refused_with_a_problem_and_stores_nothing(string because, string contentType, string body, HttpStatusCode expected, string mentioned)
    {
        var programId = await Api.CreateProgramAsync();
        var before = await App.CountRowsAsync();

        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await Api.Client.PostAsync($"/api/v1/programs/{programId}/conversions", content);

        await AssertProblemAsync(response, expected, mentioned, because);
        Assert.Equal(before, await App.CountRowsAsync());
    }

    [Fact]
    public async Task Invalid_UTF8_is_refused()
    {
        var programId = await Api.CreateProgramAsync();
        using var content = new ByteArrayContent([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await Api.Client.PostAsync($"/api/v1/programs/{programId}/conversions", content);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "not valid UTF-8", "invalid UTF-8");
    }

    [Fact]
    public async Task Body_over_64_KiB_is_refused_with_413()
    {
        var programId = await Api.CreateProgramAsync();
        var before = await App.CountRowsAsync();
        var huge = JsonSerializer.Serialize(new { eventId = "e1", type = "sale", amount = 100, currency = "EUR", customerId = new string('c', 70_000) });

        using var content = new StringContent(huge, Encoding.UTF8, "application/json");
        using var response = await Api.Client.PostAsync($"/api/v1/programs/{programId}/conversions", content);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "64 KiB", "oversized body");
        Assert.Equal(before, await App.CountRowsAsync());
    }

    [Fact]
    public async Task Conversion_for_an_unknown_program_is_404()
    {
        var before = await App.CountRowsAsync();
        using var response = await Api.Client.PostAsync(
            "/api/v1/programs/prg_nothere/conversions",
            JsonContent("{\"eventId\":\"e1\",\"type\":\"sale\",\"amount\":100,\"currency\":\"EUR\",\"customerId\":\"c\"}"));

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "prg_nothere", "unknown program");
        Assert.Equal(before, await App.CountRowsAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-key-wrong-key")]
    [InlineData("Basic dGVzdDp0ZXN0")]
    public async Task Management_API_without_a_valid_key_is_401(string? authorization)
    {
        using var client = App.CreateClient();
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        var before = await App.CountRowsAsync();
        using var response = await client.PostAsync("/api/v1/programs", JsonContent("{\"name\":\"x\",\"currency\":\"EUR\",\"allowedHosts\":[\"a.com\"],\"plan\":{\"kind\":\"flat\",\"amount\":1}}"));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "API key", "no or wrong key");
        Assert.Equal(before, await App.CountRowsAsync());
    }

    public static TheoryData<string, string, string> ProgramBodies => new()
    {
        { "no plan", "{\"name\":\"p\",\"currency\":\"EUR\",\"allowedHosts\":[\"shop.example.com\"]}", "plan" },
        { "percent over 100", "{\"name\":\"p\",\"currency\":\"EUR\",\"allowedHosts\":[\"shop.example.com\"],\"plan\":{\"kind\":\"percent\",\"percent\":150}}", "plan.percent" },
        { "no hosts", "{\"name\":\"p\",\"currency\":\"EUR\",\"allowedHosts\":[],\"plan\":{\"kind\":\"percent\",\"percent\":10}}", "allowedHosts" },
        { "host with a path", "{\"name\":\"p\",\"currency\":\"EUR\",\"allowedHosts\":[\"evil.com/x\"],\"plan\":{\"kind\":\"percent\",\"percent\":10}}", "allowedHosts" },
        { "lower-case currency", "{\"name\":\"p\",\"currency\":\"eur\",\"allowedHosts\":[\"a.com\"],\"plan\":{\"kind\":\"percent\",\"percent\":10}}", "currency" },
        { "cookie days zero", "{\"name\":\"p\",\"currency\":\"EUR\",\"allowedHosts\":[\"a.com\"],\"cookieDays\":0,\"plan\":{\"kind\":\"percent\",\"percent\":10}}", "cookieDays" },
    };

    [Theory]
    [MemberData(nameof(ProgramBodies))]
    public async Task Bad_program_is_refused_naming_the_field(string because, string body, string field)
    {
        var before = await App.CountRowsAsync();

        using var response = await Api.Client.PostAsync("/api/v1/programs", JsonContent(body));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, field, because);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}'");
        Assert.Equal(before, await App.CountRowsAsync());
    }

    [Fact]
    public async Task Link_to_a_host_off_the_allow_list_is_refused()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        var before = await App.CountRowsAsync();

        foreach (var destination in new[] { "https://evil.example.net/", "https://shop.example.com.evil.net/", "https://shop.example.com@evil.net/", "javascript:alert(1)", "/relative" })
        {
            using var response = await Api.Client.PostAsync($"/api/v1/programs/{programId}/links", JsonContent(JsonSerializer.Serialize(new { partnerId, destination })));
            await AssertProblemAsync(response, HttpStatusCode.BadRequest, "destination", destination);
        }

        Assert.Equal(before, await App.CountRowsAsync());
    }

    [Fact]
    public async Task Link_for_an_unknown_partner_is_404()
    {
        var programId = await Api.CreateProgramAsync();
        var otherProgram = await Api.CreateProgramAsync();
        var foreignPartner = await Api.CreatePartnerAsync(otherProgram);

        using var unknown = await Api.Client.PostAsync($"/api/v1/programs/{programId}/links", JsonContent("{\"partnerId\":\"prt_nothere\",\"destination\":\"https://shop.example.com/\"}"));
        using var foreign = await Api.Client.PostAsync($"/api/v1/programs/{programId}/links", JsonContent($"{{\"partnerId\":\"{foreignPartner}\",\"destination\":\"https://shop.example.com/\"}}"));

        await AssertProblemAsync(unknown, HttpStatusCode.NotFound, "prt_nothere", "unknown partner");
        await AssertProblemAsync(foreign, HttpStatusCode.NotFound, foreignPartner, "partner of another program");
    }

    [Fact]
    public async Task Referral_code_taken_in_any_case_is_409()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        await Api.PostAsync($"/api/v1/programs/{programId}/codes", new { partnerId, code = "ADA10" }, HttpStatusCode.Created);

        using var response = await Api.Client.PostAsync($"/api/v1/programs/{programId}/codes", JsonContent($"{{\"partnerId\":\"{partnerId}\",\"code\":\"ada10\"}}"));

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "already taken", "duplicate code");
    }

    [Fact]
    public async Task Bad_partner_is_refused_naming_each_field()
    {
        var programId = await Api.CreateProgramAsync();

        using var response = await Api.Client.PostAsync($"/api/v1/programs/{programId}/partners", JsonContent("{\"name\":\"\",\"email\":\"not-an-email\",\"type\":\"alien\"}"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "$.type", "unknown partner type");
        using var second = await Api.Client.PostAsync($"/api/v1/programs/{programId}/partners", JsonContent("{\"name\":\"\",\"email\":\"not-an-email\"}"));
        var problem = await AssertProblemAsync(second, HttpStatusCode.BadRequest, "email", "bad fields");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _) && errors.TryGetProperty("email", out _) && errors.TryGetProperty("type", out _));
    }

    [Theory]
    [InlineData("from=2025-13-01")]
    [InlineData("from=2025-02-01&to=2025-01-01")]
    [InlineData("from=2020-01-01&to=2025-01-01")]
    public async Task Stats_with_a_bad_range_is_400(string query)
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);

        using var response = await Api.Client.GetAsync($"/api/v1/partners/{partnerId}/stats?{query}");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "from", query);
    }

    [Fact]
    public async Task Stats_of_an_unknown_partner_is_404()
    {
        using var response = await Api.Client.GetAsync("/api/v1/partners/prt_nothere/stats");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "prt_nothere", "unknown partner");
    }

    [Fact]
    public async Task Unknown_route_is_a_404_problem()
    {
        using var response = await Api.Client.GetAsync("/api/v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    /// <summary>The problem's text as a person reads it: detail, title and every error, unescaped.</summary>
    private static string Words(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => string.Join(" ", element.EnumerateObject().Select(property => property.Name + " " + Words(property.Value))),
        JsonValueKind.Array => string.Join(" ", element.EnumerateArray().Select(Words)),
        _ => element.ToString(),
    };

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string mentioned, string because)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{because}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        var words = Words(problem);
        Assert.True(words.Contains(mentioned, StringComparison.Ordinal), $"{because}: the problem should mention '{mentioned}': {words}");
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
