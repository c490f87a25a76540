using Azure.Messaging.ServiceBus;
using Referrals.Storage.Events;

namespace Referrals.ServiceBus;

/// <summary>
/// An <see cref="EventEnvelope"/> as a Service Bus message: the same JSON body as on the Storage
/// queues, the event's id as <see cref="ServiceBusMessage.MessageId"/> (the queue's duplicate detection
/// drops a replay), the topic as <see cref="ServiceBusMessage.Subject"/>, and the envelope's properties
/// as application properties so subscriptions and the portal can filter without reading the body.
/// </summary>
public static class ServiceBusMessages
{
    public static ServiceBusMessage From(EventEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var message = new ServiceBusMessage(BinaryData.FromString(envelope.Body))
        {
            MessageId = envelope.MessageId,
            ContentType = envelope.ContentType,
            Subject = envelope.Topic,
        };
        foreach (var (name, value) in envelope.Properties)
        {
            message.ApplicationProperties[name] = value;
        }

        return message;
    }
}
