using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Referrals.Core.Events;

namespace Referrals.Storage.Events;

/// <summary>
/// Publishes events as JSON messages (the body of their <see cref="EventEnvelope"/>) on the topic's queue (<see cref="StorageAccount.QueueName"/>).
/// The queues are made by <see cref="StorageAccount.EnsureCreatedAsync"/> at start, not on every send.
/// </summary>
public sealed class QueueEventPublisher(StorageAccount account) : IEventPublisher
{
    private readonly ConcurrentDictionary<string, QueueClient> _queues = new(StringComparer.Ordinal);

    public async Task PublishAsync<TEvent>(string topic, TEvent @event, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(@event);
        var envelope = EventEnvelope.For(topic, @event);
        var queue = _queues.GetOrAdd(topic, account.GetQueueClient);
        await queue.SendMessageAsync(envelope.Body, cancellationToken);
    }
}
