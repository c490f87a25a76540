using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Referrals.Core.Events;
using Referrals.Storage.Events;

namespace Referrals.ServiceBus;

/// <summary>
/// Reads a message's event (the JSON of <see cref="EventSerializer"/>), hands it to its
/// <see cref="IEventHandler{TEvent}"/> in a scope of its own, and says what should become of the message
/// (<see cref="DeliveryOutcome"/>, by <see cref="RedeliveryPolicy"/>). It settles nothing itself.
/// </summary>
public sealed class EventDelivery(IServiceProvider services)
{
    /// <summary>
    /// Delivers <paramref name="message"/>'s event: <see cref="DeliveryOutcome.Complete"/> when the handler
    /// took it; otherwise what <see cref="RedeliveryPolicy"/> says for a body that is not a
    /// <typeparamref name="TEvent"/> (the handler never sees it) or for the handler's failure on the
    /// message's attempt (<see cref="ServiceBusMessages.AttemptOf"/>). Throws only when
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task<DeliveryOutcome> DeliverAsync<TEvent>(ServiceBusReceivedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        TEvent @event;
        try
        {
            @event = message.Body.ToObjectFromJson<TEvent>(EventSerializer.Options)
                ?? throw new JsonException($"The body is JSON null, not a {typeof(TEvent).Name}.");
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            return RedeliveryPolicy.Malformed(exception);
        }

        try
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IEventHandler<TEvent>>().HandleAsync(@event, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            return RedeliveryPolicy.AfterFailure(exception, ServiceBusMessages.AttemptOf(message));
        }

        return new DeliveryOutcome.Complete();
    }
}
