using Microsoft.Extensions.Time.Testing;
using Referrals.Core.Events;
using Referrals.Core.Programs;
using Referrals.Core.Stats;
using Referrals.Core.Tests.Fakes;
using Referrals.Core.Tracking;

namespace Referrals.Core.Tests.Tracking;

/// <summary>The outbox: a stored flush whose event never went out is counted once, late, never twice.</summary>
public class RepublishUnprojectedFlushesTests
{
    private static readonly TimeSpan RepublishAfter = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Lookback = TimeSpan.FromHours(2);

    private readonly RecordingClickLog _clicks = new();
    private readonly InMemoryStatsStore _stats = new();
    private readonly FakeTimeProvider _time = new(Sample.Now);

    [Fact]
    public async Task A_flush_stored_but_never_published_is_counted_once_after_a_sweep_and_never_again()
    {
        var ids = await StoreWithoutPublishingAsync(ClickRecorderTests.DraftsOn(Sample.LinkCode, 5));
        var events = new RecordingEventPublisher();
        var sweeper = new RepublishUnprojectedFlushes(_clicks, events, _time);

        var tooEarly = await sweeper.RunOnceAsync(RepublishAfter, Lookback, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));
        var late = await sweeper.RunOnceAsync(RepublishAfter, Lookback, CancellationToken.None);
        await ProjectAsync(events);
        var afterProjection = await sweeper.RunOnceAsync(RepublishAfter, Lookback, CancellationToken.None);

        Assert.Equal((0, 1, 0), (tooEarly, late, afterProjection));
        var recorded = Assert.Single(events.Flushes());
        Assert.Equal(ids[0].FlushId, recorded.EventId);
        Assert.Equal(5, Clicks());
    }

    [Fact]
    public async Task A_flush_published_again_after_it_was_counted_but_not_marked_counts_once()
    {
        await StoreWithoutPublishingAsync(ClickRecorderTests.DraftsOn(Sample.LinkCode, 3));
        var first = new RecordingEventPublisher();
        _time.Advance(TimeSpan.FromMinutes(1));
        await new RepublishUnprojectedFlushes(_clicks, first, _time).RunOnceAsync(RepublishAfter, Lookback, CancellationToken.None);
        var recorded = Assert.Single(first.Flushes());

        // The projection counted the flush, then died before marking it: the sweeper publishes it again.
        await new ProjectClicks(_stats, new RecordingClickLog()).HandleAsync(recorded, CancellationToken.None);
        var again = new RecordingEventPublisher();
        await new RepublishUnprojectedFlushes(_clicks, again, _time).RunOnceAsync(RepublishAfter, Lookback, CancellationToken.None);
        await ProjectAsync(again);

        Assert.Equal(recorded.EventId, Assert.Single(again.Flushes()).EventId);
        Assert.Equal(3, Clicks());
    }

    [Fact]
    public async Task A_flush_older_than_the_lookback_is_left_alone()
    {
        await StoreWithoutPublishingAsync(ClickRecorderTests.DraftsOn(Sample.LinkCode, 1));
        var events = new RecordingEventPublisher();
        _time.Advance(TimeSpan.FromHours(4));

        var published = await new RepublishUnprojectedFlushes(_clicks, events, _time).RunOnceAsync(RepublishAfter, Lookback, CancellationToken.None);

        Assert.Equal(0, published);
    }

    /// <summary>Records clicks through a recorder whose event publishing fails, as a process dying right after the write would leave them.</summary>
    private async Task<ClickId[]> StoreWithoutPublishingAsync(ClickDraft[] drafts)
    {
        using var recorder = new ClickRecorder(
            _clicks,
            new FailingEventPublisher(),
            new ClickRecorderOptions { FlushWindow = TimeSpan.Zero },
            _time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ClickRecorder>.Instance);
        using var stopping = new CancellationTokenSource();
        var recording = drafts.Select(draft => recorder.RecordAsync(draft, TrackingMode.Durable).AsTask()).ToArray();
        await stopping.CancelAsync();
        await recorder.RunAsync(stopping.Token).WaitAsync(TestTimeouts.Generous);
        return await Task.WhenAll(recording);
    }

    private async Task ProjectAsync(RecordingEventPublisher events)
    {
        var project = new ProjectClicks(_stats, _clicks);
        foreach (var recorded in events.Flushes())
        {
            await project.HandleAsync(recorded, CancellationToken.None);
            await project.HandleAsync(recorded, CancellationToken.None);
        }
    }

    private long Clicks() =>
        _stats.GetAsync(Sample.PartnerId, DateOnly.MinValue, DateOnly.MaxValue, CancellationToken.None).Result.Sum(day => day.Clicks);

    private sealed class FailingEventPublisher : IEventPublisher
    {
        public Task PublishAsync<TEvent>(string topic, TEvent @event, CancellationToken cancellationToken) =>
            Task.FromException(new IOException("The queue is unreachable."));
    }
}
