using Referrals.Functions.Http;
using Referrals.Functions.Tests.Infrastructure;

namespace Referrals.Functions.Tests.Http;

/// <summary>The public rate limits, per visitor address: the forwarded one, since every request reaches the worker from the host.</summary>
public sealed class RateLimitTests(RateLimitTests.TinyLimitsApp app) : IClassFixture<RateLimitTests.TinyLimitsApp>
{
    private const int LookupsPerSecond = 2;

    [Fact]
    public async Task A_visitor_over_the_public_limit_gets_429_with_Retry_After_and_a_problem()
    {
        var answers = await LookUpAsync("198.51.100.31", LookupsPerSecond * 5);

        Assert.NotEqual(429, answers[0].Status);
        var limited = answers.FirstOrDefault(answer => answer.Status == 429);
        Assert.True(limited is not null, $"No lookup was limited: {string.Join(", ", answers.Select(answer => answer.Status))}");
        Assert.Equal("1", limited.Headers.RetryAfter.ToString());
        Assert.Equal("application/problem+json", limited.ContentType);
    }

    [Fact]
    public async Task A_visitor_is_not_limited_by_another_visitor_behind_the_same_host()
    {
        var spent = await LookUpAsync("198.51.100.41", LookupsPerSecond * 5);
        Assert.Contains(spent, answer => answer.Status == 429);

        var other = await LookUpAsync("198.51.100.42", 1);

        Assert.NotEqual(429, other[0].Status);
    }

    /// <summary>Looks up an unknown code <paramref name="times"/> times in a row from <paramref name="visitor"/>, through the host (a loopback peer).</summary>
    private async Task<IReadOnlyList<FunctionAnswer>> LookUpAsync(string visitor, int times)
    {
        var answers = new List<FunctionAnswer>();
        for (var i = 0; i < times; i++)
        {
            answers.Add(await app.CallAsync<ProgramFunctions>(
                FunctionRequest.Get("/api/v1/codes/NOSUCHCODE") with { ForwardedFor = visitor },
                (functions, request) => functions.LookupCodeAsync(request, "NOSUCHCODE")));
        }

        return answers;
    }

    /// <summary>The app with a code-lookup limit small enough to spend in a test.</summary>
    public sealed class TinyLimitsApp : FunctionsApp
    {
        protected override void Configure(IDictionary<string, string?> settings)
        {
            ArgumentNullException.ThrowIfNull(settings);
            settings["Referrals:RateLimits:CodeLookupsPerSecond"] = LookupsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
