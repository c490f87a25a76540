using Referrals.Core.Tracking;

namespace Referrals.Core.Tests.Fakes;

/// <summary>
/// A click log that keeps every appended batch. It can hold appends at a gate (to look at the
/// recorder while a write is in flight) and fail every append for one partition.
/// </summary>
internal sealed class RecordingClickLog : IClickLog
{
    private readonly Lock _lock = new();
    private readonly List<Click[]> _batches = [];
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _appendStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RecordingClickLog(bool gateOpen = true)
    {
        if (gateOpen)
        {
            _gate.SetResult();
        }
    }

    /// <summary>Appends to this partition throw, as a storage batch that failed would.</summary>
    public string? FailingPartition { get; init; }

    /// <summary>Completes when the first append has begun (and waits at the gate if it is closed).</summary>
    public Task AppendStarted => _appendStarted.Task;

    public IReadOnlyList<Click[]> Batches
    {
        get
        {
            lock (_lock)
            {
                return [.. _batches];
            }
        }
    }

    public IReadOnlyList<Click> Stored => [.. Batches.SelectMany(batch => batch)];

    public void OpenGate() => _gate.TrySetResult();

    public async Task AppendAsync(IReadOnlyList<Click> clicks, CancellationToken cancellationToken)
    {
        _appendStarted.TrySetResult();
        await _gate.Task;
        if (clicks.Any(click => click.Id.Partition == FailingPartition))
        {
            throw new IOException("The storage batch failed.");
        }

        lock (_lock)
        {
            _batches.Add([.. clicks]);
        }
    }

    public Task<Click?> GetAsync(ClickId id, CancellationToken cancellationToken) =>
        Task.FromResult(Stored.FirstOrDefault(click => click.Id == id));

    /// <summary>Waits until at least <paramref name="count"/> clicks are stored.</summary>
    public async Task WaitForStoredAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Generous);
        while (Stored.Count < count)
        {
            await Task.Delay(1, timeout.Token);
        }
    }
}
