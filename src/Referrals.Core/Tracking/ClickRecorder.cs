using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Referrals.Core.Events;
using Referrals.Core.Programs;

namespace Referrals.Core.Tracking;

/// <summary>
/// Group commit for clicks. Redirects hand their click to <see cref="RecordAsync"/>, which places it in
/// the open flush at once (that place is the click's id); one loop (<see cref="RunAsync"/>) closes a
/// flush when a write slot is free (at once when nothing else is being written, else once its window has
/// passed), writes it as one entry per link through the <see cref="IClickLog"/>, and only then completes
/// the durable requests of each entry. An entry that storage refuses fails only its own
/// requests, so no click is acknowledged that was not stored. An entry that storage did not answer
/// (timed out, unavailable) keeps its buffer room and is written again, with growing pauses, until
/// storage takes it or the recorder stops.
/// </summary>
/// <remarks>
/// Every flush goes to the next of <see cref="ClickId.ShardCount"/> shards in turn, so a hot link's
/// entries spread over that many places in the log. A flush closes before one of its entries could
/// outgrow the log's <see cref="IClickLog.EntryCapacity"/>. At most <see cref="ClickRecorderOptions.MaxBufferedClicks"/>
/// clicks are held at once; beyond that a redirect waits for room (backpressure) in either mode.
/// Events are gathered too: the flushes stored within <see cref="ClickRecorderOptions.PublishInterval"/>
/// (and while a message is being sent) go out in one <see cref="ClicksRecordedBatch"/>.
/// </remarks>
public sealed partial class ClickRecorder : IDisposable
{
    /// <summary>
    /// The most links (entries) one flush holds. With at most <see cref="MaxFlushSizeLimit"/> clicks, a
    /// flush's event then stays within one queue message (about 48 KB of 64 KiB at worst: every click a
    /// new visitor), so it can always be published.
    /// </summary>
    public const int MaxLinksPerFlush = 128;

    /// <summary>The largest <see cref="ClickRecorderOptions.MaxFlushSize"/> allowed (see <see cref="MaxLinksPerFlush"/>).</summary>
    public const int MaxFlushSizeLimit = 800;

    /// <summary>The longest pause between two writes of an entry that storage did not answer.</summary>
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly Lock _publishLock = new();
    private readonly Channel<Flush> _opened = Channel.CreateUnbounded<Flush>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly IClickLog _log;
    private readonly int _entryCapacity;
    private readonly IEventPublisher _events;
    private readonly ClickRecorderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ClickRecorder> _logger;
    private readonly SemaphoreSlim _room;
    private readonly CancellationTokenSource _publishNow = new();
    private readonly CancellationTokenSource _stopping = new();
    private Flush? _open;
    private bool _stopped;
    private int _nextShard;
    private List<ClicksRecorded>? _unpublished;
    private Task _publishing = Task.CompletedTask;
    private bool _publishLoopRunning;

    public ClickRecorder(IClickLog log, IEventPublisher events, ClickRecorderOptions options, TimeProvider time, ILogger<ClickRecorder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxFlushSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxFlushSize, MaxFlushSizeLimit);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentFlushes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBufferedClicks, options.MaxFlushSize);
        ArgumentNullException.ThrowIfNull(log);
        (_log, _events, _options, _time, _logger) = (log, events, options, time, logger);
        _entryCapacity = log.EntryCapacity;
        _room = new SemaphoreSlim(options.MaxBufferedClicks, options.MaxBufferedClicks);
        _nextShard = RandomNumberGenerator.GetInt32(ClickId.ShardCount);
    }

    /// <summary>Raised after each flush with the number of clicks it stored and how long they took (for metrics).</summary>
    public event Action<int, TimeSpan>? Flushed;

    /// <summary>Raised after each flush with the number of storage writes it made (one per entry).</summary>
    public event Action<int>? EntriesWritten;

    /// <summary>Clicks handed over and not yet stored or failed.</summary>
    public int Buffered => _options.MaxBufferedClicks - _room.CurrentCount;

    /// <summary>Stored flushes whose event waits for the message being sent.</summary>
    internal int UnpublishedFlushes
    {
        get
        {
            lock (_publishLock)
            {
                return _unpublished?.Count ?? 0;
            }
        }
    }

    /// <summary>
    /// Gives a click its place in the open flush and returns its id. In <see cref="TrackingMode.Durable"/>
    /// mode the task completes once the click is stored (and faults with <see cref="ClickNotStoredException"/>
    /// if its entry failed); in <see cref="TrackingMode.Fast"/> mode it completes as soon as the click
    /// is buffered, which is at once unless the buffer is full.
    /// </summary>
    /// <exception cref="ClickRecorderStoppedException">The recorder is shutting down.</exception>
    public ValueTask<ClickId> RecordAsync(ClickDraft click, TrackingMode mode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(click);
        return _room.Wait(0, CancellationToken.None)
            ? Hand(click, mode, cancellationToken)
            : WaitForRoomAsync(click, mode, cancellationToken);
    }

    private async ValueTask<ClickId> WaitForRoomAsync(ClickDraft click, TrackingMode mode, CancellationToken cancellationToken)
    {
        await _room.WaitAsync(cancellationToken);
        return await Hand(click, mode, cancellationToken);
    }

    /// <summary>Places a click that has room; the task is the stored signal itself, so it completes the moment its entry is stored.</summary>
    private ValueTask<ClickId> Hand(ClickDraft click, TrackingMode mode, CancellationToken cancellationToken)
    {
        var (id, stored) = PlaceWithRoom(click, mode);
        return stored is null
            ? ValueTask.FromResult(id)
            : new ValueTask<ClickId>(cancellationToken.CanBeCanceled ? stored.Task.WaitAsync(cancellationToken) : stored.Task);
    }

    /// <summary>
    /// Records a click waiting at most <paramref name="wait"/> in all, for a caller (a redirect) that must
    /// answer in time whatever storage does. In durable mode the answer is <see cref="ClickRecordingOutcome.Stored"/>
    /// as soon as the click is stored, or <see cref="ClickRecordingOutcome.Degraded"/> once the wait has
    /// passed (the click stays buffered and is stored when storage answers again); in fast mode it is
    /// <see cref="ClickRecordingOutcome.Buffered"/>. When no room frees up in the buffer within the wait,
    /// the click is <see cref="ClickRecordingOutcome.Dropped"/>.
    /// </summary>
    /// <exception cref="ClickNotStoredException">Durable mode: storage refused the click's entry within the wait.</exception>
    /// <exception cref="ClickRecorderStoppedException">The recorder is shutting down.</exception>
    public async ValueTask<ClickRecording> RecordWithinAsync(ClickDraft click, TrackingMode mode, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(click);
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero);
        var started = _time.GetTimestamp();
        if (!_room.Wait(0, CancellationToken.None) && !await _room.WaitAsync(wait, cancellationToken))
        {
            return new ClickRecording(null, ClickRecordingOutcome.Dropped);
        }

        var (id, stored) = PlaceWithRoom(click, mode);
        if (stored is null)
        {
            return new ClickRecording(id, ClickRecordingOutcome.Buffered);
        }

        var remaining = wait - _time.GetElapsedTime(started);
        try
        {
            await stored.Task.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _time, cancellationToken);
            return new ClickRecording(id, ClickRecordingOutcome.Stored);
        }
        catch (TimeoutException)
        {
            return new ClickRecording(id, ClickRecordingOutcome.Degraded);
        }
    }

    /// <summary>Places a click for which buffer room was taken (given back if the recorder has stopped).</summary>
    private (ClickId Id, TaskCompletionSource<ClickId>? Stored) PlaceWithRoom(ClickDraft click, TrackingMode mode)
    {
        lock (_lock)
        {
            if (_stopped)
            {
                _room.Release();
                throw new ClickRecorderStoppedException();
            }

            return Place(click, mode == TrackingMode.Durable);
        }
    }

    public void Dispose()
    {
        _room.Dispose();
        _publishNow.Dispose();
        _stopping.Dispose();
    }

    /// <summary>
    /// Runs the flush loop until <paramref name="stoppingToken"/> is cancelled, then stops taking
    /// clicks and stores every click already handed over before returning.
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(_options.MaxConcurrentFlushes);
        var writing = new List<Task>();
        using var registration = stoppingToken.Register(Stop);
        var reader = _opened.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (reader.TryRead(out var flush))
            {
                // The flush keeps taking clicks while it waits for a write slot, so batches grow with load.
                await slots.WaitAsync(CancellationToken.None);
                writing.RemoveAll(task => task.IsCompleted);
                var othersWriting = slots.CurrentCount < _options.MaxConcurrentFlushes - 1;
                if (othersWriting && !flush.Closed && !stoppingToken.IsCancellationRequested)
                {
                    await GatherAsync(flush);
                }

                Close(flush);
                writing.Add(WriteAndReleaseAsync(flush, slots));
            }
        }

        await Task.WhenAll(writing);

        // Every write is done, so nothing new is queued for publishing: wait for what is.
        Task publishing;
        lock (_publishLock)
        {
            publishing = _publishing;
        }

        await publishing;
    }

    /// <summary>
    /// While other flushes are being written, lets this one gather clicks until its window (counted
    /// from its first click) has passed. When nothing is being written the flush goes at once: an idle
    /// recorder adds no wait to a redirect, and a busy one still writes many clicks per storage call.
    /// </summary>
    private async Task GatherAsync(Flush flush)
    {
        var remaining = _options.FlushWindow - _time.GetElapsedTime(flush.OpenedAt);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, _time, CancellationToken.None);
        }
    }

    /// <summary>Places a click in the open flush (opening one if needed); call under the lock.</summary>
    private (ClickId Id, TaskCompletionSource<ClickId>? Stored) Place(ClickDraft click, bool durable)
    {
        var size = _log.MaxSizeOf(click);
        var flush = _open ?? Open();
        var entry = flush.EntryFor(click.LinkCode);
        if ((entry is not null && entry.Size + size > _entryCapacity) || (entry is null && flush.LinkCount == MaxLinksPerFlush))
        {
            CloseHeld(flush);
            flush = Open();
            entry = null;
        }

        entry ??= flush.Add(click.LinkCode);
        var id = new ClickId(click.LinkCode, flush.Hour, flush.Shard, flush.Key, entry.Clicks.Count);
        entry.Clicks.Add(click.ToClick(id));
        entry.Size += size;
        TaskCompletionSource<ClickId>? stored = null;
        if (durable)
        {
            stored = new TaskCompletionSource<ClickId>(id, TaskCreationOptions.RunContinuationsAsynchronously);
            (entry.Waiters ??= []).Add(stored);
        }

        if (++flush.Count >= _options.MaxFlushSize)
        {
            CloseHeld(flush);
        }

        return (id, stored);
    }

    private Flush Open()
    {
        var flush = new Flush(ClickId.NewFlushKey(), ClickId.TruncateToHour(_time.GetUtcNow()), _nextShard, _time.GetTimestamp());
        _nextShard = (_nextShard + 1) % ClickId.ShardCount;
        _open = flush;
        _opened.Writer.TryWrite(flush);
        return flush;
    }

    private void Close(Flush flush)
    {
        lock (_lock)
        {
            CloseHeld(flush);
        }
    }

    /// <summary>Closes a flush to new clicks; call under the lock.</summary>
    private void CloseHeld(Flush flush)
    {
        flush.Closed = true;
        if (_open == flush)
        {
            _open = null;
        }
    }

    private void Stop()
    {
        lock (_lock)
        {
            _stopped = true;
            _opened.Writer.TryComplete();
        }

        // Flushes still to be stored are published without waiting for the interval, and an entry
        // waiting to be written again gets one last try.
        _publishNow.Cancel();
        _stopping.Cancel();
    }

    /// <summary>
    /// Writes a flush, frees its slot and buffer room as soon as its entries are stored (the next
    /// flush need not wait for this one's event), then hands its event to the publishing loop.
    /// </summary>
    private async Task WriteAndReleaseAsync(Flush flush, SemaphoreSlim slots)
    {
        Click[] stored;
        try
        {
            stored = await WriteEntriesAsync(flush);
        }
        finally
        {
            slots.Release();
            _room.Release(flush.Count);
        }

        if (stored.Length > 0)
        {
            Publish(ClicksRecorded.From(stored[0].Id.FlushId, stored));
        }
    }

    /// <summary>Queues a stored flush's event, and starts the publishing loop unless it is running.</summary>
    private void Publish(ClicksRecorded flush)
    {
        lock (_publishLock)
        {
            (_unpublished ??= []).Add(flush);
            if (!_publishLoopRunning)
            {
                _publishLoopRunning = true;
                _publishing = Task.Run(PublishQueuedAsync);
            }
        }
    }

    /// <summary>
    /// Lets flushes gather for the publish interval, sends everything queued, and goes on until nothing
    /// is left: one message at a time, each with as many flushes as fit (<see cref="ClicksRecordedBatch.Split"/>).
    /// </summary>
    private async Task PublishQueuedAsync()
    {
        while (true)
        {
            await WaitForPublishIntervalAsync();
            List<ClicksRecorded> flushes;
            lock (_publishLock)
            {
                if (_unpublished is not { Count: > 0 })
                {
                    _publishLoopRunning = false;
                    return;
                }

                (flushes, _unpublished) = (_unpublished, null);
            }

            foreach (var batch in ClicksRecordedBatch.Split(flushes))
            {
                try
                {
                    await _events.PublishAsync(Topics.ClicksRecorded, batch, CancellationToken.None);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    // The entries stay unprojected, so the outbox sweeper publishes them again later.
                    LogPublishFailed(_logger, exception, batch.Flushes.Count);
                }
            }
        }
    }

    private async Task WaitForPublishIntervalAsync()
    {
        if (_options.PublishInterval <= TimeSpan.Zero || _publishNow.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await Task.Delay(_options.PublishInterval, _time, _publishNow.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopping: publish now.
        }
    }

    private async Task<Click[]> WriteEntriesAsync(Flush flush)
    {
        var entries = flush.Entries;
        var results = await Task.WhenAll(entries.Select(WriteEntryAsync));
        EntriesWritten?.Invoke(entries.Count);
        var stored = entries.Where((_, i) => results[i]).SelectMany(entry => entry.Clicks).ToArray();
        if (stored.Length > 0)
        {
            Flushed?.Invoke(stored.Length, _time.GetElapsedTime(flush.OpenedAt));
        }

        return stored;
    }

    private async Task<bool> WriteEntryAsync(Entry entry)
    {
        var delay = _options.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _log.AppendAsync(entry.Clicks, CancellationToken.None);
                foreach (var waiter in entry.Waiters ?? [])
                {
                    waiter.TrySetResult((ClickId)waiter.Task.AsyncState!);
                }

                return true;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException && _log.IsTransient(exception) && !_stopping.IsCancellationRequested)
            {
                // Storage did not answer: the clicks keep their room in the buffer (which is what bounds
                // an outage's backlog) and the entry is written again once storage is back.
                LogEntryRetried(_logger, exception, entry.Clicks.Count, entry.Clicks[0].Id.Entry.ToString(), attempt);
                try
                {
                    await Task.Delay(delay, _time, _stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    // Stopping: one last try.
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                return Fail(entry, exception);
            }
        }
    }

    private bool Fail(Entry entry, Exception exception)
    {
        LogEntryFailed(_logger, exception, entry.Clicks.Count, entry.Clicks[0].Id.Entry.ToString());
        foreach (var waiter in entry.Waiters ?? [])
        {
            waiter.TrySetException(new ClickNotStoredException(exception));
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A flush entry of {Count} clicks (first click {Entry}) was not stored on attempt {Attempt}; it is written again")]
    private static partial void LogEntryRetried(ILogger logger, Exception exception, int count, string entry, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "A flush entry of {Count} clicks (first click {Entry}) was not stored")]
    private static partial void LogEntryFailed(ILogger logger, Exception exception, int count, string entry);

    [LoggerMessage(Level = LogLevel.Error, Message = "Publishing clicks-recorded for {Count} stored flushes failed; the outbox sweeper will publish them again")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, int count);

    /// <summary>A flush being filled or written: one entry per link, all under one key, hour and shard.</summary>
    private sealed class Flush(string key, DateTimeOffset hour, int shard, long openedAt)
    {
        private readonly List<Entry> _entries = [];
        private Dictionary<string, Entry>? _byLink;
        private Entry? _last;

        public string Key { get; } = key;

        public DateTimeOffset Hour { get; } = hour;

        public int Shard { get; } = shard;

        public long OpenedAt { get; } = openedAt;

        public int Count { get; set; }

        public bool Closed { get; set; }

        public IReadOnlyList<Entry> Entries => _entries;

        public int LinkCount => _entries.Count;

        public Entry? EntryFor(string linkCode)
        {
            // Most flushes hold one or a few links, and consecutive clicks are often on the same one.
            if (_last is not null && string.Equals(_last.LinkCode, linkCode, StringComparison.Ordinal))
            {
                return _last;
            }

            if (_byLink is not null)
            {
                return _byLink.TryGetValue(linkCode, out var found) ? _last = found : null;
            }

            foreach (var entry in _entries)
            {
                if (string.Equals(entry.LinkCode, linkCode, StringComparison.Ordinal))
                {
                    return _last = entry;
                }
            }

            return null;
        }

        public Entry Add(string linkCode)
        {
            var entry = new Entry(linkCode);
            _entries.Add(entry);
            if (_byLink is not null)
            {
                _byLink.Add(linkCode, entry);
            }
            else if (_entries.Count > 8)
            {
                _byLink = _entries.ToDictionary(e => e.LinkCode, StringComparer.Ordinal);
            }

            return _last = entry;
        }
    }

    /// <summary>The clicks of one flush on one link: one entry of the log.</summary>
    private sealed class Entry(string linkCode)
    {
        public string LinkCode { get; } = linkCode;

        public List<Click> Clicks { get; } = [];

        /// <summary>The sum of the log's <see cref="IClickLog.MaxSizeOf"/> over the clicks.</summary>
        public int Size { get; set; }

        /// <summary>The durable requests waiting for this entry, each completed with its click's id.</summary>
        public List<TaskCompletionSource<ClickId>>? Waiters { get; set; }
    }
}
