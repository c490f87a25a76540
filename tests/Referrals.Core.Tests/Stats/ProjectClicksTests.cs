using Referrals.Core.Stats;
using Referrals.Core.Tests.Fakes;
using Referrals.Core.Tracking;

namespace Referrals.Core.Tests.Stats;

public class ProjectClicksTests
{
    private static readonly DateOnly March14 = new(2025, 3, 14);

    private readonly InMemoryStatsStore _stats = new();
    private readonly ProjectClicks _project;

    public ProjectClicksTests() => _project = new ProjectClicks(_stats);

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
                Assert.Equal(
                    [new StatsDelta(March14, Clicks: 4, UniqueClicks: 3, BotClicks: 2), new StatsDelta(March14.AddDays(1), Clicks: 1, UniqueClicks: 1)],
                    first.Deltas);
            },
            second =>
            {
                Assert.Equal((Sample.OtherPartnerId, "flush_1"), (second.PartnerId, second.EventId));
                Assert.Equal([new StatsDelta(March14, Clicks: 5, UniqueClicks: 1, BotClicks: 1)], second.Deltas);
            });
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

        var day = Assert.Single(await _stats.GetAsync(Sample.PartnerId, March14, March14, CancellationToken.None));
        Assert.Equal((2L, 2L, 1L), (day.Clicks, day.UniqueClicks, day.BotClicks));
    }
}
