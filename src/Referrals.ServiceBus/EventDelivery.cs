using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Referrals.Core.Events;
using Referrals.Storage.Events;

namespace Referrals.ServiceBus;

/// <summary>Reads a message's event (the JSON of <see cref="EventSerializer"/>) and hands it to its <see cref="IEventHandler{TEvent}"/> in a scope of its own.</summary>
public sealed class EventDelivery(IServiceProvider services)
{
    public async Task HandleAsync<TEvent>(ServiceBusReceivedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var @event = message.Body.ToObjectFromJson<TEvent>(EventSerializer.Options)
            ?? throw new JsonException($"Message {message.MessageId} is JSON null, not a {typeof(TEvent).Name}.");
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IEventHandler<TEvent>>().HandleAsync(@event, cancellationToken);
    }
}
