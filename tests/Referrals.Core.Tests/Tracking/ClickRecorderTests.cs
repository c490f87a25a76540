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
    public async Task Durable_clicks_complete_only_once_their_entry_is_stored()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog(gateOpen: false)).Start();
        var clicks = DraftsOn(Sample.LinkCode, 10);
        var recording = clicks.Select(click => recorder.RecordAsync(click)).ToArray();
        await recorder.Log.AppendStarted.WaitAsync(Generous);

        var completedBeforeStored = recording.Count(task => task.IsCompleted);
        recorder.Log.OpenGate();
        await Task.WhenAll(recording).WaitAsync(Generous);

        Assert.Equal(0, completedBeforeStored);
        Assert.Equal(Keys(clicks), Keys(recorder.Log.Stored));
    }

    [Fact]
    public async Task Concurrent_durable_clicks_are_stored_before_they_complete_in_one_write_per_flush_and_link()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog()).Start();
        ClickDraft[] clicks =
        [
            .. DraftsOn("LinkAAAA", 400),
            .. DraftsOn("LinkBBBB", 100),
            .. DraftsOn("LinkCCCC", 50),
            .. DraftsOn("LinkAAAA", 50, Sample.Now.AddHours(1)),
        ];

        var storedWhenCompleted = await Task.WhenAll(clicks.Select(click => Task.Run(async () =>
        {
            var id = await recorder.RecordAsync(click);
            return recorder.Log.Stored.Any(stored => stored.Id == id);
        }))).WaitAsync(Generous);

        Assert.All(storedWhenCompleted, Assert.True);
        Assert.Equal(Keys(clicks), Keys(recorder.Log.Stored));
        Assert.InRange(recorder.Log.Batches.Count, 3, clicks.Length / 2);
        Assert.All(recorder.Log.Batches, batch => Assert.Single(batch.Select(click => click.Id.Entry).Distinct()));
        Assert.All(recorder.Log.Batches, batch => Assert.Equal(Enumerable.Range(0, batch.Length), batch.Select(click => click.Id.Index)));
        Assert.Equal(
            recorder.Log.Batches.Count,
            recorder.Log.Batches.Select(batch => (batch[0].Id.Flush, batch[0].LinkCode)).Distinct().Count());
    }

    [Fact]
    public async Task A_flush_stores_each_link_as_one_entry_however_many_clicks_it_holds()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog());
        var recording = DraftsOn(Sample.LinkCode, 250).Select(click => recorder.RecordAsync(click)).ToArray();

        recorder.Start();
        await Task.WhenAll(recording).WaitAsync(Generous);

        Assert.Equal(250, Assert.Single(recorder.Log.Batches).Length);
    }

    [Fact]
    public async Task Every_click_is_found_by_the_id_it_was_given()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog(), maxFlushSize: 64).Start();
        var clicks = DraftsOn(Sample.LinkCode, 200);

        var ids = await Task.WhenAll(clicks.Select(click => recorder.RecordAsync(click))).WaitAsync(Generous);

        Assert.Equal(ids.Length, ids.Distinct().Count());
        for (var i = 0; i < clicks.Length; i++)
        {
            Assert.True(ClickId.TryParse(ids[i].ToString(), out var parsed));
            Assert.Equal(clicks[i].ToClick(ids[i]), await recorder.Log.GetAsync(parsed, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Consecutive_flushes_of_one_link_go_to_every_shard_in_turn()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog(), maxFlushSize: 1);
        var recording = DraftsOn(Sample.LinkCode, ClickId.ShardCount).Select(click => recorder.RecordAsync(click)).ToArray();

        recorder.Start();
        var ids = await Task.WhenAll(recording).WaitAsync(Generous);

        Assert.Equal(Enumerable.Range(0, ClickId.ShardCount), ids.Select(id => id.Shard).Order());
        Assert.Equal(ClickId.ShardCount, ids.Select(id => id.Entry).Distinct().Count());
    }

    [Fact]
    public async Task Clicks_that_would_outgrow_the_logs_entry_go_to_the_next_flush()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog { EntryCapacity = 3 });
        var clicks = DraftsOn(Sample.LinkCode, 7);
        var recording = clicks.Select(click => recorder.RecordAsync(click)).ToArray();

        recorder.Start();
        var ids = await Task.WhenAll(recording).WaitAsync(Generous);

        Assert.Equal([1, 3, 3], recorder.Log.Batches.Select(batch => batch.Length).Order());
        Assert.Equal(3, ids.Select(id => id.FlushId).Distinct().Count());
        Assert.Equal(Keys(clicks), Keys(recorder.Log.Stored));
    }

    [Fact]
    public async Task An_entry_storage_refused_faults_only_its_own_clicks()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog { FailingLinkCode = "FailFail" }).Start();
        var failing = DraftsOn("FailFail", 5);
        var healthy = DraftsOn("GoodGood", 5);

        var failingRecords = failing.Select(click => recorder.RecordAsync(click)).ToArray();
        var healthyRecords = healthy.Select(click => recorder.RecordAsync(click)).ToArray();

        await Task.WhenAll(healthyRecords).WaitAsync(Generous);
        foreach (var record in failingRecords)
        {
            var error = await Assert.ThrowsAsync<ClickNotStoredException>(() => record.WaitAsync(Generous));
            Assert.IsType<InvalidOperationException>(error.InnerException);
        }

        Assert.Equal(Keys(healthy), Keys(recorder.Log.Stored));
    }

    [Fact]
    public async Task Fast_clicks_complete_before_they_are_stored_and_are_stored_soon_after()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog(gateOpen: false)).Start();
        var click = Draft(Sample.Now);

        var recording = recorder.RecordAsync(click, TrackingMode.Fast);
        var completedAtOnce = recording.IsCompletedSuccessfully;
        await recorder.Log.AppendStarted.WaitAsync(Generous);
        var storedWhileWriting = recorder.Log.Stored.Count;
        recorder.Log.OpenGate();
        await recorder.Log.WaitForStoredAsync(1);

        Assert.True(completedAtOnce);
        Assert.Equal(0, storedWhileWriting);
        Assert.Equal(await recording, Assert.Single(recorder.Log.Stored).Id);
    }

    [Fact]
    public async Task A_full_buffer_makes_fast_clicks_wait_for_room_instead_of_growing()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog(gateOpen: false), maxFlushSize: 2, maxBufferedClicks: 4).Start();
        var first = DraftsOn(Sample.LinkCode, 4).Select(click => recorder.RecordAsync(click, TrackingMode.Fast)).ToArray();
        await recorder.Log.AppendStarted.WaitAsync(Generous);

        var waiting = recorder.RecordAsync(Draft(Sample.Now.AddMinutes(1)), TrackingMode.Fast);
        await Task.Delay(50);
        var completedWhileFull = waiting.IsCompleted;
        var bufferedWhileFull = recorder.Recorder.Buffered;
        recorder.Log.OpenGate();
        await waiting.WaitAsync(Generous);
        await recorder.Log.WaitForStoredAsync(5);

        Assert.All(first, record => Assert.True(record.IsCompletedSuccessfully));
        Assert.False(completedWhileFull);
        Assert.Equal(4, bufferedWhileFull);
        Assert.Equal(5, recorder.Log.Stored.Count);
    }

    [Fact]
    public async Task An_entry_storage_did_not_answer_is_written_again_until_it_is_stored_once()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog { TimedOutAppends = 2 }).Start();

        var id = await recorder.RecordAsync(Draft(Sample.Now)).WaitAsync(Generous);

        Assert.Equal(3, recorder.Log.Attempts);
        Assert.Equal(id, Assert.Single(recorder.Log.Stored).Id);
    }

    [Fact]
    public async Task A_durable_click_stored_within_the_wait_is_reported_stored()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog()).Start();

        var recording = await recorder.Recorder.RecordWithinAsync(Draft(Sample.Now), TrackingMode.Durable, Generous);

        Assert.Equal(ClickRecordingOutcome.Stored, recording.Outcome);
        Assert.Equal(recording.Id, Assert.Single(recorder.Log.Stored).Id);
    }

    [Fact]
    public async Task A_durable_click_slower_to_store_than_the_wait_is_degraded_and_stored_once_storage_answers()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog(gateOpen: false)).Start();

        var recording = await recorder.Recorder.RecordWithinAsync(Draft(Sample.Now), TrackingMode.Durable, TimeSpan.FromMilliseconds(100)).AsTask().WaitAsync(Generous);
        var storedWhenAnswered = recorder.Log.Stored.Count;
        recorder.Log.OpenGate();
        await recorder.Log.WaitForStoredAsync(1);

        Assert.Equal(ClickRecordingOutcome.Degraded, recording.Outcome);
        Assert.Equal(0, storedWhenAnswered);
        Assert.Equal(recording.Id, Assert.Single(recorder.Log.Stored).Id);
    }

    [Fact]
    public async Task A_click_finding_the_buffer_full_for_the_whole_wait_is_dropped()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog(gateOpen: false), maxFlushSize: 2, maxBufferedClicks: 4).Start();
        foreach (var click in DraftsOn(Sample.LinkCode, 4))
        {
            await recorder.RecordAsync(click, TrackingMode.Fast);
        }

        var recording = await recorder.Recorder.RecordWithinAsync(Draft(Sample.Now.AddMinutes(1)), TrackingMode.Durable, TimeSpan.FromMilliseconds(100)).AsTask().WaitAsync(Generous);
        recorder.Log.OpenGate();
        await recorder.Log.WaitForStoredAsync(4);

        Assert.Equal(new ClickRecording(null, ClickRecordingOutcome.Dropped), recording);
        Assert.Equal(4, recorder.Log.Stored.Count);
    }

    [Fact]
    public async Task An_idle_recorder_writes_a_click_at_once_without_waiting_for_the_window()
    {
        // Time never moves here: a click that waited for its window would never be stored.
        var time = new WatchedTimeProvider();
        await using var recorder = new RunningRecorder(new RecordingClickLog(), time: time).Start();

        await recorder.RecordAsync(Draft(Sample.Now)).WaitAsync(Generous);

        Assert.Single(recorder.Log.Batches);
        Assert.False(time.TimerCreated.IsCompleted);
    }

    [Fact]
    public async Task Clicks_arriving_within_the_flush_window_while_another_flush_is_written_share_one_entry()
    {
        var time = new WatchedTimeProvider();
        await using var recorder = new RunningRecorder(new RecordingClickLog(gateOpen: false), time: time).Start();
        var first = Draft(Sample.Now);
        var second = Draft(Sample.Now.AddSeconds(1));
        var third = Draft(Sample.Now.AddSeconds(2));

        var firstRecord = recorder.RecordAsync(first);
        await recorder.Log.AppendStarted.WaitAsync(Generous);
        var secondRecord = recorder.RecordAsync(second);
        await time.TimerCreated.WaitAsync(Generous);
        var thirdRecord = recorder.RecordAsync(third);
        time.Advance(RunningRecorder.FlushWindow);
        recorder.Log.OpenGate();
        await Task.WhenAll(firstRecord, secondRecord, thirdRecord).WaitAsync(Generous);

        Assert.Equal(2, recorder.Log.Batches.Count);
        Assert.Contains(recorder.Log.Batches, batch => Keys(batch).SequenceEqual(Keys([first])));
        Assert.Contains(recorder.Log.Batches, batch => Keys(batch).SequenceEqual(Keys([second, third])));
    }

    [Fact]
    public async Task Stopping_still_stores_every_click_already_handed_over()
    {
        // One click per flush and one flush at a time: while the first write hangs, the loop holds the
        // second flush and the rest are still queued when the host stops.
        await using var recorder = new RunningRecorder(new RecordingClickLog(gateOpen: false), maxConcurrentFlushes: 1, maxFlushSize: 1).Start();
        var first = Draft(Sample.Now);
        var firstRecord = recorder.RecordAsync(first);
        await recorder.Log.AppendStarted.WaitAsync(Generous);
        var queued = DraftsOn(Sample.LinkCode, 5, Sample.Now.AddMinutes(1));
        var queuedRecords = queued.Select(click => recorder.RecordAsync(click)).ToArray();

        await recorder.RequestStopAsync();
        recorder.Log.OpenGate();
        await recorder.Loop.WaitAsync(Generous);

        Assert.True(firstRecord.IsCompletedSuccessfully);
        Assert.All(queuedRecords, record => Assert.True(record.IsCompletedSuccessfully));
        Assert.Equal(Keys([first, .. queued]), Keys(recorder.Log.Stored));
    }

    [Fact]
    public async Task Clicks_handed_over_before_the_loop_ran_are_stored_even_if_it_starts_stopped()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog());
        var clicks = DraftsOn(Sample.LinkCode, 3);
        var recording = clicks.Select(click => recorder.RecordAsync(click)).ToArray();
        await recorder.RequestStopAsync();

        recorder.Start();
        await recorder.Loop.WaitAsync(Generous);

        Assert.All(recording, record => Assert.True(record.IsCompletedSuccessfully));
        Assert.Equal(Keys(clicks), Keys(recorder.Log.Stored));
    }

    [Theory]
    [InlineData(TrackingMode.Durable)]
    [InlineData(TrackingMode.Fast)]
    public async Task Recording_after_the_recorder_stopped_is_refused(TrackingMode mode)
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog()).Start();
        await recorder.StopAsync();

        await Assert.ThrowsAsync<ClickRecorderStoppedException>(() => recorder.RecordAsync(Draft(Sample.Now), mode));
        Assert.Empty(recorder.Log.Stored);
    }

    [Fact]
    public async Task A_flush_publishes_its_tallies_with_bots_apart_and_visitors_once()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog());
        ClickDraft[] clicks =
        [
            Draft(Sample.Now, visitorHash: "v1"),
            Draft(Sample.Now.AddSeconds(1), visitorHash: "v1"),
            Draft(Sample.Now.AddSeconds(2), visitorHash: "v2"),
            Draft(Sample.Now.AddSeconds(3), visitorHash: "v3", isBot: true),
            Draft(Sample.Now.AddSeconds(4), partnerId: Sample.OtherPartnerId, linkCode: "OtherLnk", visitorHash: "v1"),
        ];
        var recording = clicks.Select(click => recorder.RecordAsync(click)).ToArray();

        recorder.Start();
        var ids = await Task.WhenAll(recording).WaitAsync(Generous);
        await recorder.StopAsync();

        var (topic, published) = Assert.Single(recorder.Events.Published);
        Assert.Equal(Topics.ClicksRecorded, topic);
        var batch = Assert.IsType<ClicksRecordedBatch>(published);
        var recorded = Assert.Single(batch.Flushes);
        Assert.Equal(ids[0].FlushId, recorded.EventId);
        Assert.Equal(recorded.EventId, batch.EventId);
        Assert.StartsWith("flush_", recorded.EventId, StringComparison.Ordinal);
        var ada = Assert.Single(recorded.Tallies, tally => tally.PartnerId == Sample.PartnerId);
        Assert.Equal((Sample.LinkCode, new DateOnly(2025, 3, 14), 3, 1), (ada.LinkCode, ada.Day, ada.Clicks, ada.BotClicks));
        Assert.Equal(["v1", "v2"], ada.Visitors.Order(StringComparer.Ordinal));
        var bob = Assert.Single(recorded.Tallies, tally => tally.PartnerId == Sample.OtherPartnerId);
        Assert.Equal(("OtherLnk", 1, 0), (bob.LinkCode, bob.Clicks, bob.BotClicks));
        Assert.Equal(["v1"], bob.Visitors);
        Assert.Equal(2, recorded.Entries!.Count);
    }

    [Fact]
    public async Task Each_flush_is_published_under_its_own_id()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog()).Start();

        await recorder.RecordAsync(Draft(Sample.Now)).WaitAsync(Generous);
        await recorder.RecordAsync(Draft(Sample.Now.AddSeconds(1))).WaitAsync(Generous);
        await recorder.StopAsync();

        var recorded = recorder.Events.Flushes();
        Assert.Equal(2, recorded.Count);
        Assert.NotEqual(recorded[0].EventId, recorded[1].EventId);
        Assert.All(recorded, flush => Assert.Equal(1, Assert.Single(flush.Tallies).Clicks));
    }

    [Fact]
    public async Task Flushes_stored_while_a_message_is_being_sent_go_out_together_in_the_next_one()
    {
        var events = new RecordingEventPublisher(holding: true);
        await using var recorder = new RunningRecorder(new RecordingClickLog(), events: events).Start();
        var first = await recorder.RecordAsync(Draft(Sample.Now)).WaitAsync(Generous);
        await Until(() => events.Published.Count == 1);

        // One at a time, so each click is a flush of its own, stored while the first message is in flight.
        var later = new List<ClickId>();
        for (var i = 1; i <= 5; i++)
        {
            later.Add(await recorder.RecordAsync(Draft(Sample.Now.AddSeconds(i))).WaitAsync(Generous));
        }

        await Until(() => recorder.Recorder.UnpublishedFlushes == 5);
        events.Release();
        await recorder.StopAsync();

        var messages = events.On<ClicksRecordedBatch>(Topics.ClicksRecorded);
        Assert.Equal(2, messages.Count);
        Assert.Equal([first.FlushId], messages[0].Flushes.Select(flush => flush.EventId));
        Assert.Equal(later.Select(id => id.FlushId), messages[1].Flushes.Select(flush => flush.EventId));
        Assert.StartsWith("flushes_", messages[1].EventId, StringComparison.Ordinal);
        Assert.All(messages[1].Flushes, flush => Assert.Equal(1, Assert.Single(flush.Tallies).Clicks));
    }

    [Fact]
    public async Task Flushes_stored_within_the_publish_interval_share_one_message()
    {
        var time = new WatchedTimeProvider();
        var interval = TimeSpan.FromMilliseconds(100);
        await using var recorder = new RunningRecorder(new RecordingClickLog(), time: time, publishInterval: interval).Start();
        var ids = new List<ClickId>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await recorder.RecordAsync(Draft(Sample.Now.AddSeconds(i))).WaitAsync(Generous));
        }

        await Until(() => recorder.Recorder.UnpublishedFlushes == 3);
        Assert.Empty(recorder.Events.Published);
        time.Advance(interval);
        await Until(() => recorder.Events.Published.Count == 1);

        var message = Assert.Single(recorder.Events.On<ClicksRecordedBatch>(Topics.ClicksRecorded));
        Assert.Equal(ids.Select(id => id.FlushId), message.Flushes.Select(flush => flush.EventId));
    }

    [Fact]
    public async Task Stopping_publishes_without_waiting_for_the_interval()
    {
        // Time never moves here: only stopping can send the message.
        var time = new WatchedTimeProvider();
        await using var recorder = new RunningRecorder(new RecordingClickLog(), time: time, publishInterval: TimeSpan.FromMinutes(1)).Start();
        var id = await recorder.RecordAsync(Draft(Sample.Now)).WaitAsync(Generous);
        await Until(() => recorder.Recorder.UnpublishedFlushes == 1);

        await recorder.StopAsync();

        Assert.Equal(id.FlushId, Assert.Single(recorder.Events.Flushes()).EventId);
    }

    [Fact]
    public async Task Stopping_waits_until_every_stored_flush_is_published()
    {
        var events = new RecordingEventPublisher(holding: true);
        await using var recorder = new RunningRecorder(new RecordingClickLog(), events: events).Start();
        await recorder.RecordAsync(Draft(Sample.Now)).WaitAsync(Generous);
        await recorder.RecordAsync(Draft(Sample.Now.AddSeconds(1))).WaitAsync(Generous);
        await Until(() => recorder.Recorder.UnpublishedFlushes == 1);

        await recorder.RequestStopAsync();
        await Task.Delay(50);
        Assert.False(recorder.Loop.IsCompleted);
        events.Release();
        await recorder.Loop.WaitAsync(Generous);

        Assert.Equal(2, events.Flushes().Count);
    }

    [Fact]
    public async Task Clicks_of_a_failed_entry_are_left_out_of_the_published_tallies()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog { FailingLinkCode = "FailFail" });
        var recording = DraftsOn("FailFail", 2).Append(Draft(Sample.Now, linkCode: "GoodGood")).Select(click => recorder.RecordAsync(click)).ToArray();

        recorder.Start();
        await recorder.StopAsync();

        var recorded = Assert.Single(recorder.Events.Flushes());
        var tally = Assert.Single(recorded.Tallies);
        Assert.Equal(("GoodGood", 1), (tally.LinkCode, tally.Clicks));
        Assert.Single(recorded.Entries!);
        Assert.Equal(2, recording.Count(record => record.IsFaulted));
    }

    [Fact]
    public async Task A_flush_that_stored_nothing_publishes_nothing()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog { FailingLinkCode = "FailFail" });
        var recording = DraftsOn("FailFail", 3).Select(click => recorder.RecordAsync(click)).ToArray();

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
        var click = Draft(Sample.Now);

        var recording = recorder.Recorder.RecordAsync(click, TrackingMode.Durable, gaveUp.Token).AsTask();
        await gaveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => recording.WaitAsync(Generous));
        recorder.Log.OpenGate();
        await recorder.Log.WaitForStoredAsync(1);

        Assert.Equal(Keys([click]), Keys(recorder.Log.Stored));
    }

    [Fact]
    public async Task Flushed_reports_how_many_clicks_a_flush_stored_and_how_many_writes_it_took()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog());
        var counts = new List<int>();
        var writes = new List<int>();
        recorder.Recorder.Flushed += (count, _) => counts.Add(count);
        recorder.Recorder.EntriesWritten += writes.Add;
        var recording = DraftsOn(Sample.LinkCode, 7).Append(Draft(Sample.Now, linkCode: "OtherLnk")).Select(click => recorder.RecordAsync(click)).ToArray();

        recorder.Start();
        await Task.WhenAll(recording).WaitAsync(Generous);
        await recorder.StopAsync();

        Assert.Equal([8], counts);
        Assert.Equal([2], writes);
    }

    [Fact]
    public async Task A_flush_takes_at_most_128_links_and_the_rest_go_to_the_next()
    {
        await using var recorder = new RunningRecorder(new RecordingClickLog());
        var clicks = Enumerable.Range(0, 300).Select(i => Draft(Sample.Now.AddMilliseconds(i), linkCode: $"Lnk{i:00000}")).ToArray();
        var recording = clicks.Select(click => recorder.RecordAsync(click)).ToArray();

        recorder.Start();
        var ids = await Task.WhenAll(recording).WaitAsync(Generous);
        await recorder.StopAsync();

        var links = ids.GroupBy(id => id.FlushId).Select(flush => flush.Count()).ToArray();
        Assert.Equal([128, 128, 44], links);
        Assert.All(recorder.Events.Flushes(), flush => Assert.InRange(flush.Entries!.Count, 1, ClickRecorder.MaxLinksPerFlush));
    }

    [Theory]
    [InlineData(0, 4, 4_000)]
    [InlineData(500, 0, 4_000)]
    [InlineData(801, 4, 10_000)]
    [InlineData(500, 4, 499)]
    public void Options_that_could_never_flush_are_refused(int maxFlushSize, int maxConcurrentFlushes, int maxBufferedClicks)
    {
        var options = new ClickRecorderOptions { MaxFlushSize = maxFlushSize, MaxConcurrentFlushes = maxConcurrentFlushes, MaxBufferedClicks = maxBufferedClicks };

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new ClickRecorder(new RecordingClickLog(), new RecordingEventPublisher(), options, TimeProvider.System, NullLogger<ClickRecorder>.Instance).Dispose());
    }

    internal static ClickDraft Draft(
        DateTimeOffset at, string partnerId = Sample.PartnerId, string linkCode = Sample.LinkCode, string visitorHash = "visitor-1", bool isBot = false) =>
        new(linkCode, Sample.ProgramId, partnerId, at, visitorHash, isBot ? UserAgentClass.Bot : UserAgentClass.Desktop, "news.example.org", isBot);

    internal static ClickDraft[] DraftsOn(string linkCode, int count, DateTimeOffset? from = null) =>
        [.. Enumerable.Range(0, count).Select(i => Draft((from ?? Sample.Now).AddMilliseconds(i * 10), linkCode: linkCode, visitorHash: $"visitor-{i % 7}"))];

    /// <summary>What identifies a click apart from its id: every click of a test has its own link and time.</summary>
    private static string[] Keys(IEnumerable<ClickDraft> clicks) =>
        [.. clicks.Select(click => $"{click.LinkCode}@{click.OccurredAt.UtcTicks}").Order(StringComparer.Ordinal)];

    private static string[] Keys(IEnumerable<Click> clicks) =>
        [.. clicks.Select(click => $"{click.LinkCode}@{click.OccurredAt.UtcTicks}").Order(StringComparer.Ordinal)];

    /// <summary>Waits (up to the generous timeout) until <paramref name="condition"/> holds.</summary>
    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Generous;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold in time.");
            await Task.Delay(5);
        }
    }
}
