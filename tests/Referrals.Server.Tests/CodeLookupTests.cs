using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage.Tests;

namespace Referrals.Server.Tests;

/// <summary>The public lookup of a double-sided code's buyer discount, without a key and limited per address.</summary>
public sealed class CodeLookupTests : ServerTest
{
    protected override ReferralsApp CreateApp(AzuriteFixture azurite) => new(azurite, new Dictionary<string, string?>
    {
        ["Referrals:RateLimits:CodeLookupsPerSecond"] = "3",
    });

    [Fact]
    public async Task A_shop_reads_the_discount_of_a_code_without_a_key_and_never_the_partner()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        await Api.PostAsync($"/api/v1/programs/{programId}/codes", new { partnerId, code = "Friend15", discountPercent = 15 }, HttpStatusCode.Created);

        using var response = await Visitor.GetAsync($"/api/v1/codes/friend15?programId={programId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Friend15", json.RootElement.GetProperty("code").GetString());
        Assert.Equal(15, json.RootElement.GetProperty("discountPercent").GetInt32());
        Assert.DoesNotContain(partnerId, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_code_is_a_404_problem()
    {
        var programId = await Api.CreateProgramAsync();

        using var response = await Visitor.GetAsync($"/api/v1/codes/NOPE99?programId={programId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Every_lookup_says_its_limit_what_is_left_and_when_it_resets()
    {
        var programId = await Api.CreateProgramAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Visitor.GetAsync($"/api/v1/codes/NOPE99?programId={programId}")));
        try
        {
            Assert.All(answers, answer => Assert.Equal("3", answer.Headers.GetValues("RateLimit-Limit").Single()));
            Assert.All(answers, answer => Assert.Equal("1", answer.Headers.GetValues("RateLimit-Reset").Single()));
            var remaining = answers.ToDictionary(answer => answer, answer => int.Parse(answer.Headers.GetValues("RateLimit-Remaining").Single(), System.Globalization.CultureInfo.InvariantCulture));
            var limited = answers.Where(answer => answer.StatusCode == HttpStatusCode.TooManyRequests).ToArray();
            Assert.NotEmpty(limited);
            Assert.All(limited, answer => Assert.Equal(0, remaining[answer]));
            var admitted = answers.Except(limited).Select(answer => remaining[answer]).ToArray();
            Assert.All(admitted, left => Assert.InRange(left, 0, 2));
            Assert.Contains(2, admitted); // the first request of a window leaves two of three
        }
        finally
        {
            foreach (var answer in answers)
            {
                answer.Dispose();
            }
        }
    }

    [Fact]
    public async Task Lookups_beyond_the_limit_get_429_problems()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        await Api.PostAsync($"/api/v1/programs/{programId}/codes", new { partnerId, code = "BURST1", discountPercent = 10 }, HttpStatusCode.Created);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Visitor.GetAsync($"/api/v1/codes/BURST1?programId={programId}")));
        try
        {
            Assert.InRange(answers.Count(answer => answer.StatusCode == HttpStatusCode.OK), 1, 6); // at most two one-second windows' worth
            var limited = answers.Where(answer => answer.StatusCode == HttpStatusCode.TooManyRequests).ToArray();
            Assert.True(limited.Length >= 14);
            Assert.Equal("application/problem+json", limited[0].Content.Headers.ContentType?.MediaType);
            Assert.Equal(429, (await limited[0].Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
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
