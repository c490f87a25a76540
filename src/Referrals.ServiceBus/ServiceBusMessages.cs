using System.Globalization;
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
    /// <summary>
    /// The application property holding a message's attempt (1 when absent). A scheduled copy is a new
    /// message whose <see cref="ServiceBusReceivedMessage.DeliveryCount"/> starts again, so the count
    /// travels here.
    /// </summary>
    public const string AttemptProperty = "referrals-attempt";

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

    /// <summary>The attempt <paramref name="message"/> is on: its <see cref="AttemptProperty"/>, or 1 without a readable one.</summary>
    public static int AttemptOf(ServiceBusReceivedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.ApplicationProperties.TryGetValue(AttemptProperty, out var value))
        {
            return 1;
        }

        var attempt = value switch
        {
            int number => number,
            long number => (int)Math.Clamp(number, 1, int.MaxValue),
            string text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) => number,
            _ => 1,
        };
        return Math.Max(attempt, 1);
    }
}
