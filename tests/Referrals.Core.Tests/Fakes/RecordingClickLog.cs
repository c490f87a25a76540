using System.Runtime.CompilerServices;
using Referrals.Core.Tracking;

namespace Referrals.Core.Tests.Fakes;

/// <summary>
/// A click log that keeps every appended entry. It can hold appends at a gate (to look at the
/// recorder while a write is in flight), fail every append for one link, and hold only a few clicks
/// per entry.
/// </summary>
internal sealed class RecordingClickLog : IClickLog
{
    private readonly Lock _lock = new();
    private readonly List<Click[]> _batches = [];
    private readonly HashSet<ClickId> _projected = [];
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _appendStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _attempts;

    public RecordingClickLog(bool gateOpen = true)
    {
        if (gateOpen)
        {
            _gate.SetResult();
        }
    }

    /// <summary>Appends of this link's clicks throw, as a storage write that storage refused would.</summary>
    public string? FailingLinkCode { get; init; }

    /// <summary>How many appends (the first ones) time out, as they do while storage does not answer.</summary>
    public int TimedOutAppends { get; set; }

    /// <summary>Every append begun, timed out or not.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>How many clicks one entry holds (each takes one unit); unlimited unless a test sets it.</summary>
    public int EntryCapacity { get; init; } = int.MaxValue;

    /// <summary>Completes when the first append has begun (and waits at the gate if it is closed).</summary>
    public Task AppendStarted => _appendStarted.Task;

    /// <summary>Every stored entry (one storage write each).</summary>
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

    public int MaxSizeOf(ClickDraft click) => 1;

    public async Task AppendAsync(IReadOnlyList<Click> clicks, CancellationToken cancellationToken)
    {
        _appendStarted.TrySetResult();
        await _gate.Task;
        if (Interlocked.Increment(ref _attempts) <= TimedOutAppends)
        {
            throw new TimeoutException("Storage did not answer.");
        }

        if (clicks.Any(click => click.LinkCode == FailingLinkCode))
        {
            throw new InvalidOperationException("Storage refused the write.");
        }

        lock (_lock)
        {
            _batches.Add([.. clicks]);
        }
    }

    public Task<Click?> GetAsync(ClickId id, CancellationToken cancellationToken) =>
        Task.FromResult(Stored.FirstOrDefault(click => click.Id == id));

    public async IAsyncEnumerable<IReadOnlyList<Click>> FindUnprojectedAsync(
        DateTimeOffset from, DateTimeOffset before, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var batch in Batches)
        {
            bool projected;
            lock (_lock)
            {
                projected = _projected.Contains(batch[0].Id.Entry);
            }

            if (!projected && batch[0].Id.Hour >= ClickId.TruncateToHour(from) && batch.Max(click => click.OccurredAt) < before)
            {
                yield return batch;
            }
        }
    }

    public Task MarkProjectedAsync(IReadOnlyList<ClickId> entries, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var id in entries)
            {
                _projected.Add(id.Entry);
            }
        }

        return Task.CompletedTask;
    }

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
