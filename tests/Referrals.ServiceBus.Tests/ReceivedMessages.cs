using Azure.Messaging.ServiceBus;
using Referrals.Storage.Events;

namespace Referrals.ServiceBus.Tests;

/// <summary>Messages as the trigger hands them over.</summary>
internal static class ReceivedMessages
{
    /// <summary>A message sent with <see cref="ServiceBusMessages.From"/>, as received.</summary>
    public static ServiceBusReceivedMessage Of<TEvent>(string topic, TEvent @event) => Of(ServiceBusMessages.From(EventEnvelope.For(topic, @event)));

    /// <summary><paramref name="sent"/> (an event, or a retry copy of one) as received.</summary>
    public static ServiceBusReceivedMessage Of(ServiceBusMessage sent) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: sent.Body, messageId: sent.MessageId, contentType: sent.ContentType, subject: sent.Subject,
            correlationId: sent.CorrelationId, properties: sent.ApplicationProperties, deliveryCount: 1);

    /// <summary>A message whose body is <paramref name="body"/>, whatever that is.</summary>
    public static ServiceBusReceivedMessage WithBody(string body) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(body: BinaryData.FromString(body), messageId: "m1", contentType: EventEnvelope.JsonContentType, deliveryCount: 1);
}
