using System.Collections.Concurrent;
using Referrals.Core.Events;

namespace Referrals.Core.Tests.Fakes;

/// <summary>Keeps every published event with its topic.</summary>
internal sealed class RecordingEventPublisher : IEventPublisher
{
    private readonly ConcurrentQueue<(string Topic, object Event)> _published = new();

    public IReadOnlyList<(string Topic, object Event)> Published => [.. _published];

    public IReadOnlyList<TEvent> On<TEvent>(string topic) =>
        [.. _published.Where(entry => entry.Topic == topic).Select(entry => entry.Event).OfType<TEvent>()];

    public Task PublishAsync<TEvent>(string topic, TEvent @event, CancellationToken cancellationToken)
    {
        _published.Enqueue((topic, @event!));
        return Task.CompletedTask;
    }
}
