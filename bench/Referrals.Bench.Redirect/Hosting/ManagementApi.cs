using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Referrals.Bench.Redirect.Hosting;

/// <summary>The server's management API, just enough to set up a program with one partner and one link.</summary>
internal sealed class ManagementApi : IDisposable
{
    private static readonly string[] AllowedHosts = ["shop.example.com"];

    private readonly HttpClient _client;

    public ManagementApi(Uri baseAddress, string adminApiKey)
    {
        _client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminApiKey);
    }

    /// <summary>Creates a program in <paramref name="trackingMode"/> (<c>durable</c> or <c>fast</c>), a partner and a link; returns the link's code.</summary>
    public async Task<string> CreateLinkAsync(string trackingMode, CancellationToken cancellationToken)
    {
        var programId = await PostAsync(
            "/api/v1/programs",
            new
            {
                Name = "Bench " + trackingMode,
                Currency = "EUR",
                AllowedHosts,
                CookieDays = 30,
                Plan = new { Kind = "percent", Percent = 20 },
                TrackingMode = trackingMode,
            },
            "id",
            cancellationToken);
        var partnerId = await PostAsync(
            $"/api/v1/programs/{programId}/partners",
            new { Name = "P", Email = "p@example.com", Type = "affiliate" },
            "id",
            cancellationToken);
        return await PostAsync(
            $"/api/v1/programs/{programId}/links",
            new { PartnerId = partnerId, Destination = "https://shop.example.com/landing" },
            "code",
            cancellationToken);
    }

    public void Dispose() => _client.Dispose();

    private async Task<string> PostAsync(string path, object body, string property, CancellationToken cancellationToken)
    {
        // JsonContent defaults to the web options (camelCase), which is what the API reads.
        using var response = await _client.PostAsync(new Uri(path, UriKind.Relative), JsonContent.Create(body), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}, expected 201: {text}");
        }

        using var json = JsonDocument.Parse(text);
        return json.RootElement.TryGetProperty(property, out var value) && value.GetString() is { Length: > 0 } result
            ? result
            : throw new InvalidOperationException($"POST {path} answered 201 without '{property}': {text}");
    }
}
