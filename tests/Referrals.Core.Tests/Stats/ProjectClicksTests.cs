using Referrals.Core.Stats;
using Referrals.Core.Tests.Fakes;
using Referrals.Core.Tracking;

namespace Referrals.Core.Tests.Stats;

public class ProjectClicksTests
{
    private static readonly DateOnly March14 = new(2025, 3, 14);

    private readonly InMemoryStatsStore _stats = new();
    private readonly RecordingClickLog _clicks = new();
    private readonly ProjectClicks _project;

    public ProjectClicksTests() => _project = new ProjectClicks(_stats, _clicks);

    [Fact]
    public async Task Clicks_bots_and_unique_visitors_are_counted_per_partner_and_day_under_the_event_id()
    {
        var recorded = new ClicksRecorded(
            "flush_1",
            [
                new ClickTally(Sample.PartnerId, "LinkAAAA", March14, Clicks: 3, BotClicks: 2, ["v1", "v2"]),
                new ClickTally(Sample.PartnerId, "LinkBBBB", March14, Clicks: 1, BotClicks: 0, ["v1"]),
                new ClickTally(Sample.PartnerId, "LinkAAAA", March14.AddDays(1), Clicks: 1, BotClicks: 0, ["v1"]),
                new ClickTally(Sample.OtherPartnerId, "LinkCCCC", March14, Clicks: 5, BotClicks: 1, ["v3"]),
            ]);

        await _project.HandleAsync(recorded, CancellationToken.None);

        Assert.Collection(
            _stats.Applications,
            first =>
            {
                Assert.Equal((Sample.PartnerId, "flush_1"), (first.PartnerId, first.EventId));
                Assert.Equal([new StatsDelta(March14, Clicks: 4, BotClicks: 2), new StatsDelta(March14.AddDays(1), Clicks: 1)], first.Deltas);
            },
            second =>
            {
                Assert.Equal((Sample.OtherPartnerId, "flush_1"), (second.PartnerId, second.EventId));
                Assert.Equal([new StatsDelta(March14, Clicks: 5, BotClicks: 1)], second.Deltas);
            });
        Assert.Equal(
            [new DailyStats(March14, 4, 3, 2, 0, 0, 0, 0), new DailyStats(March14.AddDays(1), 1, 1, 0, 0, 0, 0, 0)],
            await _stats.GetAsync(Sample.PartnerId, March14, March14.AddDays(1), CancellationToken.None));
        Assert.Equal((5L, 1L, 1L), Single(await _stats.GetAsync(Sample.OtherPartnerId, March14, March14, CancellationToken.None)));
    }

    [Fact]
    public async Task A_visitor_already_seen_on_the_link_that_day_is_not_unique_again()
    {
        await _project.HandleAsync(new ClicksRecorded("flush_1", [new ClickTally(Sample.PartnerId, Sample.LinkCode, March14, 1, 0, ["v1"])]), CancellationToken.None);

        await _project.HandleAsync(new ClicksRecorded("flush_2", [new ClickTally(Sample.PartnerId, Sample.LinkCode, March14, 2, 0, ["v1", "v2"])]), CancellationToken.None);

        var day = Assert.Single(await _stats.GetAsync(Sample.PartnerId, March14, March14, CancellationToken.None));
        Assert.Equal((3L, 2L), (day.Clicks, day.UniqueClicks));
    }

    [Fact]
    public async Task A_replayed_event_changes_nothing()
    {
        var recorded = new ClicksRecorded("flush_1", [new ClickTally(Sample.PartnerId, Sample.LinkCode, March14, 2, 1, ["v1", "v2"])]);
        await _project.HandleAsync(recorded, CancellationToken.None);

        await _project.HandleAsync(recorded, CancellationToken.None);

        Assert.Equal((2L, 2L, 1L), Single(await _stats.GetAsync(Sample.PartnerId, March14, March14, CancellationToken.None)));
    }

    [Fact]
    public async Task A_partner_with_many_links_in_one_flush_is_updated_in_parts_that_each_count_once()
    {
        var tallies = Enumerable.Range(0, 120)
            .Select(i => new ClickTally(Sample.PartnerId, $"Link{i:0000}", March14, 1, 0, [$"v{i}"]))
            .ToArray();
        var recorded = new ClicksRecorded("flush_1", tallies);

        await _project.HandleAsync(recorded, CancellationToken.None);
        await _project.HandleAsync(recorded with { Tallies = [.. tallies.Reverse()] }, CancellationToken.None);
        await _project.HandleAsync(recorded with { Tallies = tallies[..30] }, CancellationToken.None);

        Assert.Equal((120L, 120L, 0L), Single(await _stats.GetAsync(Sample.PartnerId, March14, March14, CancellationToken.None)));
        Assert.All(_stats.VisitorApplications, application => Assert.InRange(application.Visitors.Length, 1, IStatsStore.MaxRowsPerEvent / 2));
    }

    [Fact]
    public async Task The_flush_entries_are_marked_projected_after_the_stats_are_counted()
    {
        var id = ClickId.New(Sample.LinkCode, Sample.Now);
        var click = Sample.Click(Sample.Now) with { Id = id };
        await _clicks.AppendAsync([click], CancellationToken.None);
        var sweeping = DateTimeOffset.MaxValue;

        var before = await _clicks.FindUnprojectedAsync(Sample.Now.AddHours(-1), sweeping, CancellationToken.None).CountAsync();
        await _project.HandleAsync(ClicksRecorded.From(id.FlushId, [click]), CancellationToken.None);
        var after = await _clicks.FindUnprojectedAsync(Sample.Now.AddHours(-1), sweeping, CancellationToken.None).CountAsync();

        Assert.Equal((1, 0), (before, after));
    }

    [Fact]
    public async Task Each_flush_of_a_batch_counts_under_its_own_id_and_once_when_it_comes_again_alone()
    {
        var first = new ClicksRecorded("flush_1", [new ClickTally(Sample.PartnerId, Sample.LinkCode, March14, 2, 0, ["v1", "v2"])]);
        var second = new ClicksRecorded("flush_2", [new ClickTally(Sample.PartnerId, Sample.LinkCode, March14, 3, 1, ["v3"])]);

        await _project.HandleAsync(ClicksRecordedBatch.Of([first, second]), CancellationToken.None);
        await _project.HandleAsync(ClicksRecordedBatch.Of([second]), CancellationToken.None);
        await _project.HandleAsync(ClicksRecordedBatch.Of([second, first]), CancellationToken.None);

        Assert.Equal(["flush_1", "flush_2"], _stats.Applications.Select(application => application.EventId).Distinct());
        Assert.Equal((5L, 3L, 1L), Single(await _stats.GetAsync(Sample.PartnerId, March14, March14, CancellationToken.None)));
    }

    [Fact]
    public async Task A_message_without_flushes_counts_nothing()
    {
        await _project.HandleAsync(new ClicksRecordedBatch("flush_1", null!), CancellationToken.None);

        Assert.Empty(_stats.Applications);
    }

    private static (long Clicks, long UniqueClicks, long BotClicks) Single(IReadOnlyList<DailyStats> days)
    {
        var day = Assert.Single(days);
        return (day.Clicks, day.UniqueClicks, day.BotClicks);
    }
}
