using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Referrals.Server.Tests.Infrastructure;

/// <summary>The management API calls a test needs to set up a program, as a shop's admin would make them.</summary>
public sealed class ApiClient(HttpClient admin)
{
    public HttpClient Client => admin;

    public async Task<string> CreateProgramAsync(object? plan = null, string? trackingMode = null, int cookieDays = 30, string currency = "EUR")
    {
        var body = new Dictionary<string, object?>
        {
            ["name"] = "Test program",
            ["currency"] = currency,
            ["allowedHosts"] = new[] { "shop.example.com" },
            ["cookieDays"] = cookieDays,
            ["plan"] = plan ?? new { kind = "percent", percent = 20 },
        };
        if (trackingMode is not null)
        {
            body["trackingMode"] = trackingMode;
        }

        return (await PostAsync("/api/v1/programs", body, HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }

    public async Task<string> CreatePartnerAsync(string programId, string email = "ada@example.com", string? status = null) =>
        (await PostAsync($"/api/v1/programs/{programId}/partners", new { name = "Ada", email, type = "affiliate", status }, HttpStatusCode.Created))
        .GetProperty("id").GetString()!;

    public async Task<JsonElement> CreateLinkAsync(string programId, string partnerId, string destination = "https://shop.example.com/pricing") =>
        await PostAsync($"/api/v1/programs/{programId}/links", new { partnerId, destination }, HttpStatusCode.Created);

    public async Task<JsonElement> PostAsync(string path, object body, HttpStatusCode expected)
    {
        using var response = await admin.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> PutAsync(string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await admin.PutAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"PUT {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> GetAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await admin.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> RecordSaleAsync(string programId, string eventId, long amount, string? clickId = null, string? code = null, HttpStatusCode expected = HttpStatusCode.Accepted) =>
        PostAsync($"/api/v1/programs/{programId}/conversions", new { eventId, type = "sale", amount, currency = "EUR", customerId = "cus_1", clickId, code }, expected);

    /// <summary>Waits until the attribution worker has decided the conversion, and returns it.</summary>
    public Task<JsonElement> AttributedConversionAsync(string programId, string conversionId) =>
        Eventually.ReturnsAsync(
            () => GetAsync($"/api/v1/programs/{programId}/conversions/{conversionId}"),
            conversion => conversion.GetProperty("status").GetString() != "awaitingAttribution");

    /// <summary>Clicks a link like a browser and returns the click id from the redirect.</summary>
    public static async Task<string> ClickAsync(HttpClient visitor, string code)
    {
        using var response = await visitor.GetAsync($"/r/{code}");
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var query = System.Web.HttpUtility.ParseQueryString(response.Headers.Location!.Query);
        return query["ref_click"]!;
    }
}
