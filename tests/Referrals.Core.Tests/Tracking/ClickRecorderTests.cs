using Microsoft.Extensions.Logging.Abstractions;
using Referrals.Core.Events;
using Referrals.Core.Programs;
using Referrals.Core.Tests.Fakes;
using Referrals.Core.Tracking;

namespace Referrals.Core.Tests.Tracking;

public class ClickRecorderTests
{
    private static readonly TimeSpan Generous = TestTimeouts.Generous;

    [Fact]
    public async Task Durable_clicks_complete_only_once_their_batch_is_stored()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog(gateOpen: false)).Start();
        var clicks = ClicksOn(Sample.LinkCode, 10);
        var recording = clicks.Select(click => recorder.RecordAsync(click)).ToArray();
        await recorder.Log.AppendStarted.WaitAsync(Generous);

        var completedBeforeStored = recording.Count(task => task.IsCompleted);
        recorder.Log.OpenGate();
        await Task.WhenAll(recording).WaitAsync(Generous);

        Assert.Equal(0, completedBeforeStored);
        Assert.Equal(Ids(clicks), Ids(recorder.Log.Stored));
    }

    [Fact]
    public async Task Concurrent_durable_clicks_are_stored_before_they_complete_in_fewer_batches_than_clicks()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog()).Start();
        Click[] clicks =
        [
            .. ClicksOn("LinkAAAA", 400),
            .. ClicksOn("LinkBBBB", 100),
            .. ClicksOn("LinkCCCC", 50),
            .. ClicksOn("LinkAAAA", 50, Sample.Now.AddHours(1)),
        ];

        var storedWhenCompleted = await Task.WhenAll(clicks.Select(click => Task.Run(async () =>
        {
            await recorder.RecordAsync(click);
            return recorder.Log.Stored.Any(stored => stored.Id == click.Id);
        }))).WaitAsync(Generous);

        Assert.All(storedWhenCompleted, Assert.True);
        Assert.Equal(Ids(clicks), Ids(recorder.Log.Stored));
        Assert.InRange(recorder.Log.Batches.Count, 1, clicks.Length - 1);
        Assert.All(recorder.Log.Batches, batch => Assert.InRange(batch.Length, 1, IClickLog.MaxBatchSize));
        Assert.All(recorder.Log.Batches, batch => Assert.Single(batch.Select(click => click.Id.Partition).Distinct()));
    }

    [Fact]
    public async Task A_partition_with_more_clicks_than_one_storage_batch_is_written_in_batches_of_100()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog());
        var recording = ClicksOn(Sample.LinkCode, 250).Select(click => recorder.RecordAsync(click)).ToArray();

        recorder.Start();
        await Task.WhenAll(recording).WaitAsync(Generous);

        Assert.Equal([100, 100, 50], recorder.Log.Batches.Select(batch => batch.Length).OrderDescending());
    }

    [Fact]
    public async Task A_failed_batch_faults_only_its_own_clicks()
    {
        var failing = ClicksOn("FailFail", 5);
        await using var recorder = new RunningRecorder(new RecordingClickLog { FailingPartition = failing[0].Id.Partition }).Start();
        var healthy = ClicksOn("GoodGood", 5);

        var failingRecords = failing.Select(click => recorder.RecordAsync(click)).ToArray();
        var healthyRecords = healthy.Select(click => recorder.RecordAsync(click)).ToArray();

        await Task.WhenAll(healthyRecords).WaitAsync(Generous);
        foreach (var record in failingRecords)
        {
            var error = await Assert.ThrowsAsync<ClickNotStoredException>(() => record.WaitAsync(Generous));
            Assert.IsType<IOException>(error.InnerException);
        }

        Assert.Equal(Ids(healthy), Ids(recorder.Log.Stored));
    }

    [Fact]
    public async Task Fast_clicks_complete_before_they_are_stored_and_are_stored_soon_after()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog(gateOpen: false)).Start();
        var click = Sample.Click(Sample.Now);

        var recording = recorder.RecordAsync(click, TrackingMode.Fast);
        var completedAtOnce = recording.IsCompletedSuccessfully;
        await recorder.Log.AppendStarted.WaitAsync(Generous);
        var storedWhileWriting = recorder.Log.Stored.Count;
        recorder.Log.OpenGate();
        await recorder.Log.WaitForStoredAsync(1);

        Assert.True(completedAtOnce);
        Assert.Equal(0, storedWhileWriting);
        Assert.Equal(click.Id, Assert.Single(recorder.Log.Stored).Id);
    }

    [Fact]
    public async Task Clicks_arriving_within_the_flush_window_share_one_batch()
    {
        var time = new WatchedTimeProvider();
        await using var recorder = new RunningRecorder(new RecordingClickLog(), time: time).Start();
        var first = Sample.Click(Sample.Now);
        var second = Sample.Click(Sample.Now.AddSeconds(1));

        var firstRecord = recorder.RecordAsync(first);
        await time.TimerCreated.WaitAsync(Generous);
        var secondRecord = recorder.RecordAsync(second);
        time.Advance(RunningRecorder.FlushWindow);
        await Task.WhenAll(firstRecord, secondRecord).WaitAsync(Generous);

        var batch = Assert.Single(recorder.Log.Batches);
        Assert.Equal(Ids([first, second]), Ids(batch));
    }

    [Fact]
    public async Task Stopping_still_stores_every_click_already_handed_over()
    {
        // One click per flush and one flush at a time: while the first write hangs, the loop holds the
        // second click and the rest are still queued when the host stops.
        await using var recorder = new RunningRecorder(new RecordingClickLog(gateOpen: false), maxConcurrentFlushes: 1, maxFlushSize: 1).Start();
        var first = Sample.Click(Sample.Now);
        var firstRecord = recorder.RecordAsync(first);
        await recorder.Log.AppendStarted.WaitAsync(Generous);
        var queued = ClicksOn(Sample.LinkCode, 5, Sample.Now.AddMinutes(1));
        var queuedRecords = queued.Select(click => recorder.RecordAsync(click)).ToArray();

        await recorder.RequestStopAsync();
        recorder.Log.OpenGate();
        await recorder.Loop.WaitAsync(Generous);

        Assert.True(firstRecord.IsCompletedSuccessfully);
        Assert.All(queuedRecords, record => Assert.True(record.IsCompletedSuccessfully));
        Assert.Equal(Ids([first, .. queued]), Ids(recorder.Log.Stored));
    }

    [Fact]
    public async Task Clicks_handed_over_before_the_loop_ran_are_stored_even_if_it_starts_stopped()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog());
        var clicks = ClicksOn(Sample.LinkCode, 3);
        var recording = clicks.Select(click => recorder.RecordAsync(click)).ToArray();
        await recorder.RequestStopAsync();

        recorder.Start();
        await recorder.Loop.WaitAsync(Generous);

        Assert.All(recording, record => Assert.True(record.IsCompletedSuccessfully));
        Assert.Equal(Ids(clicks), Ids(recorder.Log.Stored));
    }

    [Theory]
    [InlineData(TrackingMode.Durable)]
    [InlineData(TrackingMode.Fast)]
    public async Task Recording_after_the_recorder_stopped_is_refused(TrackingMode mode)
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog()).Start();
        await recorder.StopAsync();

        await Assert.ThrowsAsync<ClickRecorderStoppedException>(() => recorder.RecordAsync(Sample.Click(Sample.Now), mode));
        Assert.Empty(recorder.Log.Stored);
    }

    [Fact]
    public async Task A_flush_publishes_its_tallies_with_bots_apart_and_visitors_once()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog());
        Click[] clicks =
        [
            Sample.Click(Sample.Now, visitorHash: "v1"),
            Sample.Click(Sample.Now.AddSeconds(1), visitorHash: "v1"),
            Sample.Click(Sample.Now.AddSeconds(2), visitorHash: "v2"),
            Sample.Click(Sample.Now.AddSeconds(3), visitorHash: "v3", isBot: true),
            Sample.Click(Sample.Now.AddSeconds(4), partnerId: Sample.OtherPartnerId, linkCode: "OtherLnk", visitorHash: "v1"),
        ];
        var recording = clicks.Select(click => recorder.RecordAsync(click)).ToArray();

        recorder.Start();
        await Task.WhenAll(recording).WaitAsync(Generous);
        await recorder.StopAsync();

        var (topic, published) = Assert.Single(recorder.Events.Published);
        Assert.Equal(Topics.ClicksRecorded, topic);
        var recorded = Assert.IsType<ClicksRecorded>(published);
        Assert.StartsWith("flush_", recorded.EventId, StringComparison.Ordinal);
        var ada = Assert.Single(recorded.Tallies, tally => tally.PartnerId == Sample.PartnerId);
        Assert.Equal((Sample.LinkCode, new DateOnly(2025, 3, 14), 3, 1), (ada.LinkCode, ada.Day, ada.Clicks, ada.BotClicks));
        Assert.Equal(["v1", "v2"], ada.Visitors.Order(StringComparer.Ordinal));
        var bob = Assert.Single(recorded.Tallies, tally => tally.PartnerId == Sample.OtherPartnerId);
        Assert.Equal(("OtherLnk", 1, 0), (bob.LinkCode, bob.Clicks, bob.BotClicks));
        Assert.Equal(["v1"], bob.Visitors);
    }

    [Fact]
    public async Task Each_flush_publishes_its_own_event()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog()).Start();

        await recorder.RecordAsync(Sample.Click(Sample.Now)).WaitAsync(Generous);
        await recorder.RecordAsync(Sample.Click(Sample.Now.AddSeconds(1))).WaitAsync(Generous);
        await recorder.StopAsync();

        var recorded = recorder.Events.On<ClicksRecorded>(Topics.ClicksRecorded);
        Assert.Equal(2, recorded.Count);
        Assert.NotEqual(recorded[0].EventId, recorded[1].EventId);
        Assert.All(recorded, flush => Assert.Equal(1, Assert.Single(flush.Tallies).Clicks));
    }

    [Fact]
    public async Task Clicks_of_a_failed_batch_are_left_out_of_the_published_tallies()
    {
        var failing = ClicksOn("FailFail", 2);
        await using var recorder = new RunningRecorder(new RecordingClickLog { FailingPartition = failing[0].Id.Partition });
        var healthy = Sample.Click(Sample.Now, linkCode: "GoodGood");
        var recording = failing.Append(healthy).Select(click => recorder.RecordAsync(click)).ToArray();

        recorder.Start();
        await recorder.StopAsync();

        var recorded = Assert.Single(recorder.Events.On<ClicksRecorded>(Topics.ClicksRecorded));
        var tally = Assert.Single(recorded.Tallies);
        Assert.Equal(("GoodGood", 1), (tally.LinkCode, tally.Clicks));
        Assert.Equal(2, recording.Count(record => record.IsFaulted));
    }

    [Fact]
    public async Task A_flush_that_stored_nothing_publishes_nothing()
    {
        var failing = ClicksOn("FailFail", 3);
        await using var recorder = new RunningRecorder(new RecordingClickLog { FailingPartition = failing[0].Id.Partition });
        var recording = failing.Select(click => recorder.RecordAsync(click)).ToArray();

        recorder.Start();
        await recorder.StopAsync();

        Assert.All(recording, record => Assert.IsType<ClickNotStoredException>(record.Exception?.InnerException));
        Assert.Empty(recorder.Events.Published);
    }

    [Fact]
    public async Task A_caller_that_stops_waiting_does_not_take_its_click_back()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog(gateOpen: false)).Start();
        using var gaveUp = new CancellationTokenSource();
        var click = Sample.Click(Sample.Now);

        var recording = recorder.Recorder.RecordAsync(click, TrackingMode.Durable, gaveUp.Token);
        await gaveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => recording.WaitAsync(Generous));
        recorder.Log.OpenGate();
        await recorder.Log.WaitForStoredAsync(1);

        Assert.Equal(click.Id, Assert.Single(recorder.Log.Stored).Id);
    }

    [Fact]
    public async Task Flushed_reports_how_many_clicks_a_flush_stored()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog());
        var counts = new List<int>();
        recorder.Recorder.Flushed += (count, _) => counts.Add(count);
        var recording = ClicksOn(Sample.LinkCode, 7).Select(click => recorder.RecordAsync(click)).ToArray();

        recorder.Start();
        await Task.WhenAll(recording).WaitAsync(Generous);
        await recorder.StopAsync();

        Assert.Equal([7], counts);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(500, 0)]
    public void Options_that_could_never_flush_are_refused(int maxFlushSize, int maxConcurrentFlushes)
    {
        var options = new ClickRecorderOptions { MaxFlushSize = maxFlushSize, MaxConcurrentFlushes = maxConcurrentFlushes };

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new ClickRecorder(new RecordingClickLog(), new RecordingEventPublisher(), options, TimeProvider.System, NullLogger<ClickRecorder>.Instance));
    }

    private static Click[] ClicksOn(string linkCode, int count, DateTimeOffset? from = null) =>
        [.. Enumerable.Range(0, count).Select(i => Sample.Click((from ?? Sample.Now).AddMilliseconds(i * 10), linkCode: linkCode, visitorHash: $"visitor-{i % 7}"))];

    private static string[] Ids(IEnumerable<Click> clicks) => [.. clicks.Select(click => click.Id.ToString()).Order(StringComparer.Ordinal)];
}
