using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using Referrals.Core.Events;
using Referrals.Storage.Events;

namespace Referrals.ServiceBus;

/// <summary>
/// The event bus of the Functions deployment: publishes each event to the Service Bus queue named
/// like its topic. Implements the same Core port as <see cref="QueueEventPublisher"/> with the same
/// envelopes, so the use cases cannot tell the two apart.
/// </summary>
public sealed class ServiceBusEventPublisher(ServiceBusClient client) : IEventPublisher, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ServiceBusSender> _senders = new(StringComparer.Ordinal);

    public async Task PublishAsync<TEvent>(string topic, TEvent @event, CancellationToken cancellationToken)
    {
        var message = ServiceBusMessages.From(EventEnvelope.For(topic, @event));
        var sender = _senders.GetOrAdd(topic, client.CreateSender);
        await sender.SendMessageAsync(message, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sender in _senders.Values)
        {
            await sender.DisposeAsync();
        }
    }
}
