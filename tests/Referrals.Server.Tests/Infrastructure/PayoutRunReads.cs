using System.Net;
using System.Text.Json;

namespace Referrals.Server.Tests.Infrastructure;

/// <summary>Reads a payout run through the API as the scheduler tests watch it advance.</summary>
internal static class PayoutRunReads
{
    /// <summary>The run as the API answers it, or null while it does not exist yet.</summary>
    public static async Task<JsonElement?> RunAsync(HttpClient admin, string runId)
    {
        using var response = await admin.GetAsync($"/api/v1/payout-runs/{runId}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>The events of the run's timeline, in order.</summary>
    public static string[] Events(JsonElement run) =>
        run.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("event").GetString()!).ToArray();
}
