using System.Net;
using System.Text.Json;
using Referrals.Server.Tests.Infrastructure;

namespace Referrals.Server.Tests;

/// <summary>Conversions and payout runs listed with their filters.</summary>
public sealed class ListTests : ServerTest
{
    [Fact]
    public async Task Conversions_are_filtered_by_when_they_occurred_and_by_source()
    {
        var programId = await Api.CreateProgramAsync();
        var now = DateTimeOffset.UtcNow;
        var days = new[] { 40, 20, 5 };
        foreach (var daysAgo in days)
        {
            await Api.PostAsync(
                $"/api/v1/programs/{programId}/conversions",
                new { eventId = $"evt_{daysAgo}", type = "sale", amount = 1000, currency = "EUR", customerId = $"cus_{daysAgo}", occurredAt = now.AddDays(-daysAgo) },
                HttpStatusCode.Accepted);
        }

        var from = Uri.EscapeDataString(now.AddDays(-30).ToString("O"));
        var to = Uri.EscapeDataString(now.AddDays(-10).ToString("O"));
        var window = await Api.GetAsync($"/api/v1/programs/{programId}/conversions?from={from}&to={to}");
        var everything = await Api.GetAsync($"/api/v1/programs/{programId}/conversions?source=api");
        var otherSource = await Api.GetAsync($"/api/v1/programs/{programId}/conversions?source=stripe");

        Assert.Equal("evt_20", Assert.Single(window.EnumerateArray()).GetProperty("eventId").GetString());
        Assert.Equal(3, everything.GetArrayLength());
        Assert.Empty(otherSource.EnumerateArray());
    }

    [Fact]
    public async Task Conversions_are_paged_with_a_next_link()
    {
        var programId = await Api.CreateProgramAsync();
        for (var i = 0; i < 3; i++)
        {
            await Api.RecordSaleAsync(programId, $"evt_page_{i}", 1000);
        }

        using var first = await Api.Client.GetAsync($"/api/v1/programs/{programId}/conversions?limit=2");
        var next = System.Text.RegularExpressions.Regex.Match(first.Headers.GetValues("Link").Single(), "^<([^>]+)>").Groups[1].Value;
        var second = await Api.GetAsync(next);

        Assert.Equal(2, (await JsonDocument.ParseAsync(await first.Content.ReadAsStreamAsync())).RootElement.GetArrayLength());
        Assert.Equal(1, second.GetArrayLength());
    }

    [Theory]
    [InlineData("from=yesterday")]
    [InlineData("status=pending")]
    [InlineData("from=2025-03-01T00:00:00Z&to=2025-02-01T00:00:00Z")]
    public async Task A_bad_conversion_filter_is_a_400_problem(string query)
    {
        var programId = await Api.CreateProgramAsync();

        using var response = await Api.Client.GetAsync($"/api/v1/programs/{programId}/conversions?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Payout_runs_are_listed_by_state()
    {
        var programId = await Api.CreateProgramAsync();
        var run = await Api.PostAsync($"/api/v1/programs/{programId}/payout-runs", new { periodEnd = DateTimeOffset.UtcNow.AddSeconds(-1) }, HttpStatusCode.Created);
        var runId = run.GetProperty("id").GetString();

        // Listed under the state it is in (read just before, as the run may move on by itself).
        var inState = await Eventually.ReturnsAsync(
            async () =>
            {
                var state = (await Api.GetAsync($"/api/v1/payout-runs/{runId}")).GetProperty("state").GetString();
                return await Api.GetAsync($"/api/v1/programs/{programId}/payout-runs?state={state}");
            },
            listed => listed.GetArrayLength() == 1);
        var paid = await Api.GetAsync($"/api/v1/programs/{programId}/payout-runs?state=paid");

        Assert.Equal(runId, Assert.Single(inState.EnumerateArray()).GetProperty("id").GetString());
        Assert.Empty(paid.EnumerateArray()); // no decision was made, so it cannot have been paid
    }
}
