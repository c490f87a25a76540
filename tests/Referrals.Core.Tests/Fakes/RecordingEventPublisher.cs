using System.Collections.Concurrent;
using Referrals.Core.Events;
using Referrals.Core.Tracking;

namespace Referrals.Core.Tests.Fakes;

/// <summary>
/// Keeps every published event with its topic. Made holding, it keeps each send in flight (already
/// recorded) until <see cref="Release"/>, as a slow broker would.
/// </summary>
internal sealed class RecordingEventPublisher(bool holding = false) : IEventPublisher
{
    private readonly ConcurrentQueue<(string Topic, object Event)> _published = new();
    private readonly TaskCompletionSource _released = NewReleased(holding);

    public void Release() => _released.TrySetResult();

    public IReadOnlyList<(string Topic, object Event)> Published => [.. _published];

    public IReadOnlyList<TEvent> On<TEvent>(string topic) =>
        [.. _published.Where(entry => entry.Topic == topic).Select(entry => entry.Event).OfType<TEvent>()];

    /// <summary>Every flush published on <c>clicks-recorded</c>, out of the batches that carried them, in order.</summary>
    public IReadOnlyList<ClicksRecorded> Flushes() =>
        [.. On<ClicksRecordedBatch>(Topics.ClicksRecorded).SelectMany(batch => batch.Flushes)];

    public Task PublishAsync<TEvent>(string topic, TEvent @event, CancellationToken cancellationToken)
    {
        _published.Enqueue((topic, @event!));
        return _released.Task;
    }

    private static TaskCompletionSource NewReleased(bool holding)
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!holding)
        {
            released.SetResult();
        }

        return released;
    }
}
