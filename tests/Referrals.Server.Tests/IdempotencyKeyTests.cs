using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Referrals.Server.Tests;

/// <summary>Creates retried with the same <c>Idempotency-Key</c> create one thing and answer alike.</summary>
public sealed class IdempotencyKeyTests : ServerTest
{
    private static readonly object Program = new
    {
        name = "Retried program",
        currency = "EUR",
        allowedHosts = new[] { "shop.example.com" },
        plan = new { kind = "percent", percent = 20 },
    };

    [Fact]
    public async Task A_retry_with_the_same_key_gets_the_first_answer_and_creates_nothing()
    {
        using var first = await CreateAsync(Program, "key-0001");
        using var retry = await CreateAsync(Program, "key-0001");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single((await Api.GetAsync("/api/v1/programs")).EnumerateArray());
    }

    [Fact]
    public async Task Another_key_creates_another_program()
    {
        using var first = await CreateAsync(Program, "key-a");
        using var second = await CreateAsync(Program, "key-b");

        Assert.NotEqual(first.Headers.Location, second.Headers.Location);
        Assert.Equal(2, (await Api.GetAsync("/api/v1/programs")).GetArrayLength());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_a_422_problem_that_creates_nothing()
    {
        using var first = await CreateAsync(Program, "key-0002");
        var rows = await App.CountRowsAsync();

        using var other = await CreateAsync(new { name = "Other", currency = "EUR", allowedHosts = new[] { "shop.example.com" }, plan = new { kind = "percent", percent = 5 } }, "key-0002");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.Equal(rows, await App.CountRowsAsync());
    }

    [Fact]
    public async Task Concurrent_requests_with_one_key_create_one_program()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => CreateAsync(Program, "key-race")));
        try
        {
            var created = answers.Where(answer => answer.StatusCode == HttpStatusCode.Created).ToArray();
            Assert.NotEmpty(created);
            Assert.All(answers, answer => Assert.Contains(answer.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
            Assert.Single(created.Select(answer => answer.Headers.Location).Distinct());
            Assert.Single((await Api.GetAsync("/api/v1/programs")).EnumerateArray());
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
    public async Task A_refused_create_keeps_no_answer_so_the_corrected_request_may_use_its_key()
    {
        using var invalid = await CreateAsync(new { name = "No currency", allowedHosts = new[] { "shop.example.com" }, plan = new { kind = "percent", percent = 20 } }, "key-fix");
        using var corrected = await CreateAsync(Program, "key-fix");

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
    }

    [Theory]
    [InlineData(256)]
    [InlineData(-1)]
    public async Task A_malformed_key_is_a_400_problem(int length)
    {
        // Too long, or not printable ASCII.
        using var response = await CreateAsync(Program, length > 0 ? new string('k', length) : "clé-non-ascii");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty((await Api.GetAsync("/api/v1/programs")).EnumerateArray());
    }

    [Fact]
    public async Task Links_partners_and_codes_honour_the_key_too()
    {
        var programId = await Api.CreateProgramAsync();
        using var partner = await CreateAsync($"/api/v1/programs/{programId}/partners", new { name = "Ada", email = "ada@example.com", type = "affiliate" }, "partner-1");
        using var partnerAgain = await CreateAsync($"/api/v1/programs/{programId}/partners", new { name = "Ada", email = "ada@example.com", type = "affiliate" }, "partner-1");
        var partnerId = (await partner.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        using var link = await CreateAsync($"/api/v1/programs/{programId}/links", new { partnerId, destination = "https://shop.example.com/" }, "link-1");
        using var linkAgain = await CreateAsync($"/api/v1/programs/{programId}/links", new { partnerId, destination = "https://shop.example.com/" }, "link-1");

        Assert.Equal(partner.Headers.Location, partnerAgain.Headers.Location);
        Assert.Equal(link.Headers.Location, linkAgain.Headers.Location);
        Assert.Single((await Api.GetAsync($"/api/v1/programs/{programId}/partners")).EnumerateArray());
        Assert.Single((await Api.GetAsync($"/api/v1/programs/{programId}/links?partnerId={partnerId}")).EnumerateArray());
    }

    private Task<HttpResponseMessage> CreateAsync(object body, string key) => CreateAsync("/api/v1/programs", body, key);

    private async Task<HttpResponseMessage> CreateAsync(string path, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await Api.Client.SendAsync(request);
    }
}
