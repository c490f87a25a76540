using System.Net;
using System.Text;
using System.Text.Json;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage.Tests;

namespace Referrals.Server.Tests;

/// <summary>The script's click endpoint is public, so one address may only send so many clicks a second.</summary>
public sealed class ScriptClickLimitTests : ServerTest
{
    protected override ReferralsApp CreateApp(AzuriteFixture azurite) => new(azurite, new Dictionary<string, string?>
    {
        ["Referrals:RateLimits:ScriptClicksPerSecond"] = "3",
    });

    [Fact]
    public async Task Clicks_beyond_the_limit_get_429_problems()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        var code = (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;
        var body = JsonSerializer.Serialize(new { code, landingUrl = "https://shop.example.com/" });

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/programs/{programId}/clicks") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("Origin", "https://shop.example.com");
            return Visitor.SendAsync(request);
        }));
        try
        {
            var created = answers.Count(answer => answer.StatusCode == HttpStatusCode.Created);
            Assert.InRange(created, 1, 6); // at most two one-second windows' worth
            var limited = answers.Where(answer => answer.StatusCode == HttpStatusCode.TooManyRequests).ToArray();
            Assert.True(limited.Length >= 14);
            Assert.Equal("application/problem+json", limited[0].Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            foreach (var answer in answers)
            {
                answer.Dispose();
            }
        }
    }
}
