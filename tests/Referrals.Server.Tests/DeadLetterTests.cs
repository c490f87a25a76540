using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Referrals.Core.Conversions;
using Referrals.Core.Events;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage.Tests;
using Xunit.Abstractions;

namespace Referrals.Server.Tests;

/// <summary>A message whose handler always fails lands in the poison queue, is listed for its program, and can be retried.</summary>
public sealed class DeadLetterTests(ITestOutputHelper output) : ServerTest
{
    protected override ReferralsApp CreateApp(AzuriteFixture azurite) => new(
        azurite,
        new Dictionary<string, string?> { ["Referrals:Storage:MaxDequeueCount"] = "1" },
        services => services.AddSingleton<IEventHandler<ConversionReceived>, AlwaysFails>());

    private Task<JsonElement[]> DeadLettersAsync(string programId, Func<JsonElement[], bool> until) =>
        Eventually.ReturnsAsync(async () => (await Api.GetAsync($"/api/v1/programs/{programId}/dead-letters")).EnumerateArray().ToArray(), until);

    [Fact]
    public async Task Failing_message_is_listed_for_its_program_and_can_be_retried()
    {
        var programId = await Api.CreateProgramAsync();
        var otherProgramId = await Api.CreateProgramAsync();
        var conversionId = (await Api.RecordSaleAsync(programId, "order-1", 1_000)).GetProperty("conversionId").GetString()!;

        var letter = Assert.Single(await DeadLettersAsync(programId, letters => letters.Length > 0));
        output.WriteLine($"dead letter: {letter}");
        Assert.Equal("conversion-received", letter.GetProperty("topic").GetString());
        Assert.Contains(conversionId, letter.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("attribution is down", letter.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty((await Api.GetAsync($"/api/v1/programs/{otherProgramId}/dead-letters")).EnumerateArray());

        var firstId = letter.GetProperty("id").GetString()!;
        await Api.PostAsync($"/api/v1/programs/{otherProgramId}/dead-letters/{firstId}/retry", new { }, HttpStatusCode.NotFound);
        await Api.PostAsync($"/api/v1/programs/{programId}/dead-letters/{firstId}/retry", new { }, HttpStatusCode.Accepted);

        // Retried, it fails again (the handler always does) and comes back as a new dead letter.
        var again = Assert.Single(await DeadLettersAsync(programId, letters => letters.Length == 1 && letters[0].GetProperty("id").GetString() != firstId));
        Assert.Contains(conversionId, again.GetProperty("message").GetString(), StringComparison.Ordinal);
        await Api.PostAsync($"/api/v1/programs/{programId}/dead-letters/{firstId}/retry", new { }, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task More_dead_letters_than_a_queue_peek_shows_are_listed_page_by_page_and_each_can_be_retried()
    {
        const int Failed = 45;
        var programId = await Api.CreateProgramAsync();
        var conversions = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < Failed; index++)
        {
            conversions.Add((await Api.RecordSaleAsync(programId, $"order-{index}", 1_000 + index)).GetProperty("conversionId").GetString()!);
        }

        var pages = await Eventually.ReturnsAsync(() => PagesAsync(programId, 20), all => all.Sum(page => page.Length) >= Failed, TimeSpan.FromSeconds(60));
        var letters = pages.SelectMany(page => page).ToArray();
        output.WriteLine($"dead letters: {letters.Length} in pages of {string.Join(", ", pages.Select(page => page.Length))}");
        Assert.Equal([20, 20, 5], pages.Select(page => page.Length));
        Assert.Equal(Failed, letters.Select(letter => letter.GetProperty("id").GetString()).Distinct().Count());
        Assert.True(conversions.SetEquals(letters.Select(letter => ConversionIdOf(letter))));
        Assert.Equal(letters.OrderBy(letter => letter.GetProperty("failedAt").GetDateTimeOffset()).Select(letter => letter.GetProperty("id").GetString()), letters.Select(letter => letter.GetProperty("id").GetString()));

        // The newest one, far beyond the first 32 of the poison queue, goes back on its queue.
        var last = letters[^1].GetProperty("id").GetString()!;
        await Api.PostAsync($"/api/v1/programs/{programId}/dead-letters/{last}/retry", new { }, HttpStatusCode.Accepted);
        await Api.PostAsync($"/api/v1/programs/{programId}/dead-letters/{last}/retry", new { }, HttpStatusCode.NotFound);
        var again = await Eventually.ReturnsAsync(
            async () => (await PagesAsync(programId, 100)).SelectMany(page => page).ToArray(),
            all => all.Length == Failed && all.All(letter => letter.GetProperty("id").GetString() != last),
            TimeSpan.FromSeconds(30));
        Assert.True(conversions.SetEquals(again.Select(letter => ConversionIdOf(letter))));
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=101")]
    [InlineData("?continuation=bm90LWEtdG9rZW4")]
    [InlineData("?continuation=%%%")]
    public async Task Bad_paging_is_refused_with_a_problem(string query)
    {
        var programId = await Api.CreateProgramAsync();

        using var response = await Api.Client.GetAsync($"/api/v1/programs/{programId}/dead-letters{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<List<JsonElement[]>> PagesAsync(string programId, int limit)
    {
        var pages = new List<JsonElement[]>();
        var next = $"/api/v1/programs/{programId}/dead-letters?limit={limit}";
        while (next is not null)
        {
            using var response = await Api.Client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Select(letter => letter.Clone()).ToArray());
            next = response.Headers.TryGetValues("Link", out var links) ? NextOf(links.Single()) : null;
        }

        return pages.Where(page => page.Length > 0).ToList();
    }

    private static string? NextOf(string link) =>
        link.EndsWith("; rel=\"next\"", StringComparison.Ordinal) ? link[1..link.IndexOf('>', StringComparison.Ordinal)] : null;

    private static string ConversionIdOf(JsonElement letter) =>
        JsonDocument.Parse(letter.GetProperty("message").GetString()!).RootElement.GetProperty("conversionId").GetString()!;

    private sealed class AlwaysFails : IEventHandler<ConversionReceived>
    {
        public Task HandleAsync(ConversionReceived @event, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("attribution is down");
    }
}
