using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Referrals.Core.Events;
using Referrals.Core.Programs;
using Referrals.Core.Stats;
using Referrals.Core.Tracking;
using Referrals.Storage.Stats;
using Referrals.Storage.Tracking;

namespace Referrals.Storage.Tests.Tracking;

/// <summary>
/// The invariant of packed clicks, on real tables: a click that got its 302 is stored and counted in
/// stats exactly once, even when the process dies between writing the flush and publishing its event.
/// </summary>
public sealed class ClickOutboxTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan RepublishAfter = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Lookback = TimeSpan.FromHours(2);
    private static readonly DateOnly Day = DateOnly.FromDateTime(TestData.Now.UtcDateTime);

    [Fact]
    public async Task A_flush_written_but_never_published_is_counted_once_after_the_sweep_and_once_after_another()
    {
        var account = await azurite.CreateAccountAsync();
        var clicks = new TableClickLog(account);
        var stats = new TableStatsStore(account);
        var time = new FakeTimeProvider(TestData.Now);
        var ids = await WriteThenDieAsync(clicks, time, 40);
        var queue = new DeliveringPublisher(new ProjectClicks(stats, clicks));
        var sweeper = new RepublishUnprojectedFlushes(clicks, queue, time);

        time.Advance(TimeSpan.FromMinutes(1));
        var firstSweep = await sweeper.RunOnceAsync(RepublishAfter, Lookback, default);
        var secondSweep = await sweeper.RunOnceAsync(RepublishAfter, Lookback, default);

        Assert.Equal((1, 0), (firstSweep, secondSweep));
        var day = Assert.Single(await stats.GetAsync("prt_a", Day, Day, default));
        Assert.Equal((40L, 7L), (day.Clicks, day.UniqueClicks));
        foreach (var id in ids)
        {
            Assert.NotNull(await clicks.GetAsync(id, default));
        }
    }

    [Fact]
    public async Task A_flush_projected_but_not_marked_is_published_again_and_still_counted_once()
    {
        var account = await azurite.CreateAccountAsync();
        var clicks = new TableClickLog(account);
        var stats = new TableStatsStore(account);
        var time = new FakeTimeProvider(TestData.Now);
        var ids = await WriteThenDieAsync(clicks, time, 12);

        // The first delivery counts the flush and dies before marking it projected.
        var recorded = ClicksRecorded.From(ids[0].FlushId, await ReadAllAsync(clicks, ids));
        await Assert.ThrowsAsync<IOException>(() => new ProjectClicks(stats, new NeverMarkingLog(clicks)).HandleAsync(recorded, default));
        time.Advance(TimeSpan.FromMinutes(1));
        var published = await new RepublishUnprojectedFlushes(clicks, new DeliveringPublisher(new ProjectClicks(stats, clicks)), time)
            .RunOnceAsync(RepublishAfter, Lookback, default);

        Assert.Equal(1, published);
        Assert.Equal(12, Assert.Single(await stats.GetAsync("prt_a", Day, Day, default)).Clicks);
        Assert.Empty(await clicks.FindUnprojectedAsync(TestData.Now.AddHours(-1), time.GetUtcNow(), default).ToListAsync());
    }

    /// <summary>Records durable clicks through a recorder whose publishing fails, as a process dying right after the write leaves them.</summary>
    private static async Task<ClickId[]> WriteThenDieAsync(IClickLog clicks, TimeProvider time, int count)
    {
        using var recorder = new ClickRecorder(clicks, new UnreachableQueue(), new ClickRecorderOptions { FlushWindow = TimeSpan.Zero }, time, NullLogger<ClickRecorder>.Instance);
        using var stopping = new CancellationTokenSource();
        var recording = Enumerable.Range(0, count)
            .Select(i => recorder.RecordAsync(
                new ClickDraft("Link0001", "prg_a", "prt_a", TestData.Now.AddMilliseconds(i), $"visitor-{i % 7}", UserAgentClass.Desktop, null, false),
                TrackingMode.Durable).AsTask())
            .ToArray();
        await stopping.CancelAsync();
        await recorder.RunAsync(stopping.Token);
        return await Task.WhenAll(recording);
    }

    private static async Task<Click[]> ReadAllAsync(IClickLog clicks, IEnumerable<ClickId> ids) =>
        [.. await Task.WhenAll(ids.Select(async id => (await clicks.GetAsync(id, default))!))];

    private sealed class UnreachableQueue : IEventPublisher
    {
        public Task PublishAsync<TEvent>(string topic, TEvent @event, CancellationToken cancellationToken) =>
            Task.FromException(new IOException("The queue is unreachable."));
    }

    /// <summary>A queue that hands each clicks-recorded to the projection at once, twice (as an at-least-once queue may).</summary>
    private sealed class DeliveringPublisher(ProjectClicks projection) : IEventPublisher
    {
        public async Task PublishAsync<TEvent>(string topic, TEvent @event, CancellationToken cancellationToken)
        {
            var recorded = Assert.IsType<ClicksRecordedBatch>(@event);
            await projection.HandleAsync(recorded, cancellationToken);
            await projection.HandleAsync(recorded, cancellationToken);
        }
    }

    private sealed class NeverMarkingLog(IClickLog inner) : IClickLog
    {
        public int EntryCapacity => inner.EntryCapacity;

        public int MaxSizeOf(ClickDraft click) => inner.MaxSizeOf(click);

        public Task AppendAsync(IReadOnlyList<Click> clicks, CancellationToken cancellationToken) => inner.AppendAsync(clicks, cancellationToken);

        public Task<Click?> GetAsync(ClickId id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public IAsyncEnumerable<IReadOnlyList<Click>> FindUnprojectedAsync(DateTimeOffset from, DateTimeOffset before, CancellationToken cancellationToken) =>
            inner.FindUnprojectedAsync(from, before, cancellationToken);

        public Task MarkProjectedAsync(IReadOnlyList<ClickId> entries, CancellationToken cancellationToken) => Task.FromException(new IOException("Died before marking."));
    }
}
