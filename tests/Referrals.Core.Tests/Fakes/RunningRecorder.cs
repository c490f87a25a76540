using Microsoft.Extensions.Logging.Abstractions;
using Referrals.Core.Programs;
using Referrals.Core.Tracking;

namespace Referrals.Core.Tests.Fakes;

/// <summary>
/// A <see cref="ClickRecorder"/> over a <see cref="RecordingClickLog"/>, its flush loop on a background
/// task with real time and a 5 ms flush window, as the host runs it; events are sent as soon as no other
/// is being sent unless a publish interval is given.
/// </summary>
internal sealed class RunningRecorder : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public RunningRecorder(RecordingClickLog log, int maxConcurrentFlushes = 4, int maxFlushSize = 500, TimeProvider? time = null, int maxBufferedClicks = 4_000, RecordingEventPublisher? events = null, TimeSpan publishInterval = default)
    {
        Log = log;
        Events = events ?? new RecordingEventPublisher();
        Recorder = new ClickRecorder(
            log,
            Events,
            new ClickRecorderOptions { FlushWindow = FlushWindow, MaxConcurrentFlushes = maxConcurrentFlushes, MaxFlushSize = maxFlushSize, MaxBufferedClicks = maxBufferedClicks, PublishInterval = publishInterval },
            time ?? TimeProvider.System,
            NullLogger<ClickRecorder>.Instance);
    }

    public static TimeSpan FlushWindow { get; } = TimeSpan.FromMilliseconds(5);

    public RecordingClickLog Log { get; }

    public RecordingEventPublisher Events { get; }

    public ClickRecorder Recorder { get; }

    /// <summary>The flush loop; completes once the recorder has stopped and flushed.</summary>
    public Task Loop => _loop ?? throw new InvalidOperationException("Start the recorder first.");

    public RunningRecorder Start()
    {
        _loop = Task.Run(() => Recorder.RunAsync(_stopping.Token));
        return this;
    }

    public Task<ClickId> RecordAsync(ClickDraft click, TrackingMode mode = TrackingMode.Durable) => Recorder.RecordAsync(click, mode).AsTask();

    /// <summary>Signals the host's shutdown without waiting for the loop to finish.</summary>
    public Task RequestStopAsync() => _stopping.CancelAsync();

    /// <summary>Signals shutdown and waits until every handed-over click was flushed.</summary>
    public async Task StopAsync()
    {
        await RequestStopAsync();
        await Loop.WaitAsync(TestTimeouts.Generous);
    }

    public async ValueTask DisposeAsync()
    {
        Log.OpenGate();
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop.WaitAsync(TestTimeouts.Generous);
        }

        _stopping.Dispose();
        Recorder.Dispose();
    }
}
