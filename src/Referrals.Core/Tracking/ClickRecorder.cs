using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Referrals.Core.Events;
using Referrals.Core.Programs;

namespace Referrals.Core.Tracking;

/// <summary>
/// Group commit for clicks. Redirects hand their click to <see cref="RecordAsync"/>; one loop
/// (<see cref="RunAsync"/>) gathers the clicks that arrive within a few milliseconds, writes them as
/// one storage batch per partition, and only then completes the durable requests of that batch. A
/// batch that fails fails only its own requests, so no click is acknowledged that was not stored.
/// </summary>
public sealed partial class ClickRecorder
{
    private readonly Channel<PendingClick> _pending = Channel.CreateUnbounded<PendingClick>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly IClickLog _log;
    private readonly IEventPublisher _events;
    private readonly ClickRecorderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ClickRecorder> _logger;

    public ClickRecorder(IClickLog log, IEventPublisher events, ClickRecorderOptions options, TimeProvider time, ILogger<ClickRecorder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxFlushSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentFlushes, 1);
        (_log, _events, _options, _time, _logger) = (log, events, options, time, logger);
    }

    /// <summary>Raised after each flush with the number of clicks it stored (for metrics).</summary>
    public event Action<int, TimeSpan>? Flushed;

    /// <summary>
    /// Hands a click to the next flush. In <see cref="TrackingMode.Durable"/> mode the task completes
    /// once the click is stored (and faults if its batch failed); in <see cref="TrackingMode.Fast"/>
    /// mode it completes at once.
    /// </summary>
    /// <exception cref="ClickRecorderStoppedException">The recorder is shutting down.</exception>
    public Task RecordAsync(Click click, TrackingMode mode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(click);
        var stored = mode == TrackingMode.Durable
            ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
            : null;
        if (!_pending.Writer.TryWrite(new PendingClick(click, stored, _time.GetTimestamp())))
        {
            throw new ClickRecorderStoppedException();
        }

        return stored is null ? Task.CompletedTask : stored.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Runs the flush loop until <paramref name="stoppingToken"/> is cancelled, then stops taking
    /// clicks and stores every click already handed over before returning.
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(_options.MaxConcurrentFlushes);
        var flushes = new List<Task>();
        using var registration = stoppingToken.Register(() => _pending.Writer.TryComplete());
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            var batch = Drain(reader, []);
            if (batch.Count < _options.MaxFlushSize && _options.FlushWindow > TimeSpan.Zero && !stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(_options.FlushWindow, _time, CancellationToken.None);
                Drain(reader, batch);
            }

            await slots.WaitAsync(CancellationToken.None);
            flushes.RemoveAll(task => task.IsCompleted);
            flushes.Add(FlushAndReleaseAsync(batch, slots));
        }

        await Task.WhenAll(flushes);
    }

    private List<PendingClick> Drain(ChannelReader<PendingClick> reader, List<PendingClick> batch)
    {
        while (batch.Count < _options.MaxFlushSize && reader.TryRead(out var pending))
        {
            batch.Add(pending);
        }

        return batch;
    }

    private async Task FlushAndReleaseAsync(List<PendingClick> batch, SemaphoreSlim slots)
    {
        try
        {
            await FlushAsync(batch);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task FlushAsync(List<PendingClick> batch)
    {
        var chunks = batch
            .GroupBy(pending => pending.Click.Id.Partition, StringComparer.Ordinal)
            .SelectMany(partition => partition.Chunk(IClickLog.MaxBatchSize))
            .ToArray();
        var results = await Task.WhenAll(chunks.Select(WriteChunkAsync));
        var stored = chunks.Zip(results).Where(pair => pair.Second).SelectMany(pair => pair.First).Select(pending => pending.Click).ToArray();
        if (stored.Length == 0)
        {
            return;
        }

        Flushed?.Invoke(stored.Length, _time.GetElapsedTime(batch[0].EnqueuedAt));
        var recorded = ClicksRecorded.From(Identifiers.New("flush"), stored);
        try
        {
            await _events.PublishAsync(Topics.ClicksRecorded, recorded, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogPublishFailed(_logger, exception, stored.Length);
        }
    }

    private async Task<bool> WriteChunkAsync(PendingClick[] chunk)
    {
        try
        {
            await _log.AppendAsync(chunk.Select(pending => pending.Click).ToArray(), CancellationToken.None);
            foreach (var pending in chunk)
            {
                pending.Stored?.TrySetResult();
            }

            return true;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogBatchFailed(_logger, exception, chunk.Length, chunk[0].Click.Id.Partition);
            foreach (var pending in chunk)
            {
                pending.Stored?.TrySetException(new ClickNotStoredException(exception));
            }

            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A click batch of {Count} clicks in partition {Partition} was not stored")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count, string partition);

    [LoggerMessage(Level = LogLevel.Error, Message = "Publishing clicks-recorded for {Count} stored clicks failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, int count);

    private sealed record PendingClick(Click Click, TaskCompletionSource? Stored, long EnqueuedAt);
}
