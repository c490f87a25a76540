using System.Net;

namespace Referrals.Server.Tests;

public sealed class HealthTests : ServerTest
{
    [Fact]
    public async Task Live_and_ready_answer_200_when_storage_is_reachable()
    {
        using var client = App.CreateClient();

        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task OpenAPI_description_lists_the_management_endpoints()
    {
        using var client = App.CreateClient();

        var description = await client.GetStringAsync("/openapi/v1.json");

        foreach (var path in new[] { "/api/v1/programs", "/api/v1/programs/{programId}/partners", "/api/v1/programs/{programId}/links", "/api/v1/programs/{programId}/codes", "/api/v1/programs/{programId}/conversions", "/api/v1/partners/{partnerId}/stats", "/api/v1/clicks/{clickId}", "/r/{code}" })
        {
            Assert.Contains($"\"{path}\"", description, StringComparison.Ordinal);
        }
    }
}
