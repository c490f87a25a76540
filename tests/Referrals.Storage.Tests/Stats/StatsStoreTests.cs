using Referrals.Core.Stats;
using Referrals.Storage.Stats;

namespace Referrals.Storage.Tests.Stats;

public sealed class StatsStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateOnly Day = new(2026, 3, 14);

    [Fact]
    public async Task An_event_applied_twice_counts_once()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableStatsStore(account);
        StatsDelta[] deltas = [new(Day, Clicks: 3, UniqueClicks: 2, BotClicks: 1), new(Day.AddDays(1), Sales: 1, Revenue: 4999, Earnings: 625)];

        Assert.True(await store.ApplyAsync("prt_a", "evt-1", deltas, default));
        Assert.False(await store.ApplyAsync("prt_a", "evt-1", deltas, default));

        Assert.Equal(
            [new DailyStats(Day, 3, 2, 1, 0, 0, 0, 0), new DailyStats(Day.AddDays(1), 0, 0, 0, 0, 1, 4999, 625)],
            await store.GetAsync("prt_a", Day, Day.AddDays(1), default));
    }

    [Fact]
    public async Task Concurrent_events_on_the_same_day_add_up_exactly()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableStatsStore(account);

        var applied = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            store.ApplyAsync("prt_a", $"evt-{i}", [new StatsDelta(Day, Clicks: i, Earnings: 100)], default)));

        Assert.All(applied, Assert.True);
        var day = Assert.Single(await store.GetAsync("prt_a", Day, Day, default));
        Assert.Equal(210, day.Clicks);
        Assert.Equal(2000, day.Earnings);
    }

    [Fact]
    public async Task A_replay_racing_its_first_delivery_counts_once()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableStatsStore(account);

        var applied = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            store.ApplyAsync("prt_a", "evt-same", [new StatsDelta(Day, Leads: 1)], default)));

        Assert.Single(applied, true);
        Assert.Equal(1, Assert.Single(await store.GetAsync("prt_a", Day, Day, default)).Leads);
    }

    [Fact]
    public async Task A_very_long_event_id_is_still_applied_once()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableStatsStore(account);
        var eventId = "evt/" + new string('x', 2_000) + "#?";

        Assert.True(await store.ApplyAsync("prt_a", eventId, [new StatsDelta(Day, Clicks: 1)], default));
        Assert.False(await store.ApplyAsync("prt_a", eventId, [new StatsDelta(Day, Clicks: 1)], default));
    }

    [Fact]
    public async Task Reading_a_range_returns_only_its_days_of_that_partner_in_order()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableStatsStore(account);
        await store.ApplyAsync("prt_a", "e1", [new StatsDelta(Day.AddDays(5), Clicks: 5), new StatsDelta(Day, Clicks: 1), new StatsDelta(Day.AddDays(-1), Clicks: 9)], default);
        await store.ApplyAsync("prt_b", "e1", [new StatsDelta(Day.AddDays(1), Clicks: 7)], default);

        var days = await store.GetAsync("prt_a", Day, Day.AddDays(5), default);

        Assert.Equal([Day, Day.AddDays(5)], days.Select(d => d.Day));
    }

    [Fact]
    public async Task A_visitor_is_unique_once_per_link_and_day_and_a_replayed_event_changes_nothing()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableStatsStore(account);
        const string visitor = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
        StatsDelta[] click = [new(Day, Clicks: 1)];

        Assert.True(await store.ApplyAsync("prt_a", "flush-1", click, [new VisitorsSeen("Link0001", Day, [visitor])], default));
        Assert.True(await store.ApplyAsync("prt_a", "flush-2", click, [new VisitorsSeen("Link0001", Day, [visitor])], default));
        Assert.False(await store.ApplyAsync("prt_a", "flush-1", click, [new VisitorsSeen("Link0001", Day, [visitor])], default));
        Assert.True(await store.ApplyAsync("prt_a", "flush-3", [new StatsDelta(Day.AddDays(1), Clicks: 1)], [new VisitorsSeen("Link0001", Day.AddDays(1), [visitor])], default));
        Assert.True(await store.ApplyAsync("prt_a", "flush-4", click, [new VisitorsSeen("Link0002", Day, [visitor])], default));

        Assert.Equal(
            [new DailyStats(Day, 3, 2, 0, 0, 0, 0, 0), new DailyStats(Day.AddDays(1), 1, 1, 0, 0, 0, 0, 0)],
            await store.GetAsync("prt_a", Day, Day.AddDays(1), default));
    }

    [Fact]
    public async Task Concurrent_flushes_on_one_link_merge_their_visitors_without_losing_any()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableStatsStore(account);

        var applied = await Task.WhenAll(Enumerable.Range(0, 10).Select(flush => store.ApplyAsync(
            "prt_a",
            $"flush-{flush}",
            [new StatsDelta(Day, Clicks: 100)],
            [new VisitorsSeen("Link0001", Day, [.. Enumerable.Range(flush * 50, 100).Select(v => $"visitor-{v}")])],
            default)));

        Assert.All(applied, Assert.True);
        var day = Assert.Single(await store.GetAsync("prt_a", Day, Day, default));
        var everyone = new VisitorSketch();
        foreach (var visitor in Enumerable.Range(0, 550))
        {
            everyone.Add($"visitor-{visitor}");
        }

        Assert.Equal((1_000L, everyone.Estimate()), (day.Clicks, day.UniqueClicks));
        Assert.InRange(day.UniqueClicks, 550 * (1 - VisitorSketch.ErrorBound), 550 * (1 + VisitorSketch.ErrorBound));
    }
}
