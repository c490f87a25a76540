using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Referrals.Core.Conversions;
using Referrals.Core.Events;
using Referrals.Core.Tracking;
using Referrals.ServiceBus;

namespace Referrals.Functions.Events;

/// <summary>
/// The Service Bus queues' consumers: attribution on <c>conversion-received</c>, the stats projection on
/// <c>clicks-recorded</c>. A handler that throws leaves the message to the queue: it is delivered again
/// until its max delivery count, then dead-lettered. Handlers are idempotent, and the queues drop
/// duplicates by message id (the event id), so a replay earns nothing twice.
/// </summary>
public sealed class EventFunctions(EventDelivery delivery)
{
    [Function("Attribution")]
    public Task AttributeAsync(
        [ServiceBusTrigger(Topics.ConversionReceived, Connection = FunctionsHost.ServiceBusConnection)] ServiceBusReceivedMessage message,
        CancellationToken cancellationToken) =>
        delivery.HandleAsync<ConversionReceived>(message, cancellationToken);

    [Function("ProjectClicks")]
    public Task ProjectClicksAsync(
        [ServiceBusTrigger(Topics.ClicksRecorded, Connection = FunctionsHost.ServiceBusConnection)] ServiceBusReceivedMessage message,
        CancellationToken cancellationToken) =>
        delivery.HandleAsync<ClicksRecordedBatch>(message, cancellationToken);
}
