using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Referrals.Core.Links;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage.Tests;
using Xunit.Abstractions;

namespace Referrals.Server.Tests;

/// <summary>Per-client rate limits on the public endpoints, answered with 429 and a problem.</summary>
public sealed class RateLimitTests(ITestOutputHelper output) : ServerTest
{
    protected override ReferralsApp CreateApp(AzuriteFixture azurite) => new(azurite, new Dictionary<string, string?>
    {
        ["Referrals:RateLimits:RedirectsPerSecond"] = "5",
        ["Referrals:RateLimits:WebhooksPerSecond"] = "3",
        ["Referrals:RateLimits:DecisionPagesPerSecond"] = "3",
    });

    private static async Task<Dictionary<HttpStatusCode, int>> BurstAsync(int count, Func<Task<HttpResponseMessage>> send)
    {
        var answers = new List<HttpResponseMessage>();
        try
        {
            answers.AddRange(await Task.WhenAll(Enumerable.Range(0, count).Select(_ => send())));
            var limited = answers.FirstOrDefault(answer => answer.StatusCode == HttpStatusCode.TooManyRequests);
            if (limited is not null)
            {
                Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
                Assert.Contains("Too many requests", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                Assert.Equal(TimeSpan.FromSeconds(1), limited.Headers.RetryAfter?.Delta);
            }

            return answers.GroupBy(answer => answer.StatusCode).ToDictionary(group => group.Key, group => group.Count());
        }
        finally
        {
            answers.ForEach(answer => answer.Dispose());
        }
    }

    [Fact]
    public async Task Redirect_burst_beyond_the_limit_gets_429_problems()
    {
        var programId = await Api.CreateProgramAsync();
        var code = (await Api.CreateLinkAsync(programId, await Api.CreatePartnerAsync(programId))).GetProperty("code").GetString()!;

        var counts = await BurstAsync(30, () => Visitor.GetAsync($"/r/{code}"));

        output.WriteLine($"redirects: 30, 302: {counts.GetValueOrDefault(HttpStatusCode.Found)}, 429: {counts.GetValueOrDefault(HttpStatusCode.TooManyRequests)}");
        Assert.InRange(counts.GetValueOrDefault(HttpStatusCode.Found), 1, 10); // at most two one-second windows' worth
        Assert.True(counts.GetValueOrDefault(HttpStatusCode.TooManyRequests) >= 20);
    }

    [Fact]
    public async Task Webhook_burst_beyond_the_limit_gets_429_problems()
    {
        var programId = await Api.CreateProgramAsync();

        var counts = await BurstAsync(20, () => Visitor.PostAsync($"/webhooks/generic/{programId}", new StringContent("{}", Encoding.UTF8, "application/json")));

        output.WriteLine($"webhooks: 20, 400 (unsigned): {counts.GetValueOrDefault(HttpStatusCode.BadRequest)}, 429: {counts.GetValueOrDefault(HttpStatusCode.TooManyRequests)}");
        Assert.True(counts.GetValueOrDefault(HttpStatusCode.TooManyRequests) >= 14);
    }

    [Fact]
    public async Task Decision_link_burst_beyond_the_limit_gets_429_problems()
    {
        var counts = await BurstAsync(20, () => Visitor.GetAsync("/payout-decisions/not-a-token"));

        output.WriteLine($"decision links: 20, 400 (altered): {counts.GetValueOrDefault(HttpStatusCode.BadRequest)}, 429: {counts.GetValueOrDefault(HttpStatusCode.TooManyRequests)}");
        Assert.True(counts.GetValueOrDefault(HttpStatusCode.TooManyRequests) >= 14);
    }

    [Fact]
    public async Task Management_api_is_not_limited_per_address()
    {
        var programId = await Api.CreateProgramAsync();

        var counts = await BurstAsync(30, () => Api.Client.GetAsync($"/api/v1/programs/{programId}"));

        Assert.Equal(30, counts.GetValueOrDefault(HttpStatusCode.OK));
    }
}

/// <summary>With the limits switched off (as the benchmarks run), a burst from one address is all answered.</summary>
public sealed class DisabledRateLimitTests : ServerTest
{
    protected override ReferralsApp CreateApp(AzuriteFixture azurite) => new(azurite, new Dictionary<string, string?>
    {
        ["Referrals:RateLimits:Enabled"] = "false",
        ["Referrals:RateLimits:RedirectsPerSecond"] = "1",
    });

    [Fact]
    public async Task Redirects_are_not_limited_when_limits_are_off()
    {
        var programId = await Api.CreateProgramAsync();
        var code = (await Api.CreateLinkAsync(programId, await Api.CreatePartnerAsync(programId))).GetProperty("code").GetString()!;

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Visitor.GetAsync($"/r/{code}")));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.Found, answer.StatusCode));
    }
}

/// <summary>Security headers on every answer, and no redirect to a host the program does not allow.</summary>
public sealed class ResponseSafetyTests : ServerTest
{
    [Theory]
    [InlineData("/r/unknowncode")]
    [InlineData("/api/v1/programs")]
    [InlineData("/health/live")]
    [InlineData("/payout-decisions/not-a-token")]
    [InlineData("/openapi/v1.json")]
    public async Task Every_answer_carries_the_security_headers(string path)
    {
        using var response = await Visitor.GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Redirect_carries_the_security_headers()
    {
        var programId = await Api.CreateProgramAsync();
        var code = (await Api.CreateLinkAsync(programId, await Api.CreatePartnerAsync(programId))).GetProperty("code").GetString()!;

        using var response = await Visitor.GetAsync($"/r/{code}");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("https://evil.example.net/phish")]
    [InlineData("https://shop.example.com.evil.example.net/")]
    [InlineData("https://evil.example.net/?next=https://shop.example.com/")]
    public async Task Stored_link_to_a_host_the_program_does_not_allow_is_never_followed(string destination)
    {
        // The API refuses such links when they are made; this one reaches storage some other way
        // (an older program setting, a restored backup), and the redirect must still refuse it.
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        var code = "Evil" + Guid.NewGuid().ToString("N")[..12];
        var links = App.Services.GetRequiredService<ILinkStore>();
        Assert.True(await links.TryCreateAsync(new Link(code, programId, partnerId, new Uri(destination), null, DateTimeOffset.UtcNow), CancellationToken.None));

        using var response = await Visitor.GetAsync($"/r/{code}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }
}
