using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Messaging.ServiceBus;
using Referrals.Storage.Events;

namespace Referrals.ServiceBus;

/// <summary>
/// An <see cref="EventEnvelope"/> as a Service Bus message: the same JSON body as on the Storage
/// queues, the event's id as <see cref="ServiceBusMessage.MessageId"/> (the queue's duplicate detection
/// drops a replay), the topic as <see cref="ServiceBusMessage.Subject"/>, and the envelope's properties
/// as application properties so subscriptions and the portal can filter without reading the body.
/// Also the copy of a received message that tries it again later (<see cref="RetryOf"/>).
/// </summary>
public static class ServiceBusMessages
{
    /// <summary>
    /// The application property holding a message's attempt (1 when absent). A scheduled copy is a new
    /// message whose <see cref="ServiceBusReceivedMessage.DeliveryCount"/> starts again, so the count
    /// travels here.
    /// </summary>
    public const string AttemptProperty = "referrals-attempt";

    // Service Bus refuses a longer message id.
    private const int MaxMessageIdLength = 128;

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

    /// <summary>
    /// A copy of <paramref name="message"/> as attempt <paramref name="attempt"/>, to be enqueued at
    /// <paramref name="enqueueAt"/>: the same body, content type, subject and application properties, and an
    /// id of its own, the original's with <c>:retry-{attempt - 1}</c>. The queue's duplicate detection would
    /// drop a copy with the original's id; with this one it drops only a second copy of the same attempt
    /// (a redelivery after a crash between sending the copy and completing the message).
    /// </summary>
    public static ServiceBusMessage RetryOf(ServiceBusReceivedMessage message, int attempt, DateTimeOffset enqueueAt)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 2);
        var copy = new ServiceBusMessage(message)
        {
            MessageId = RetryId(message, attempt),
            ScheduledEnqueueTime = enqueueAt,
        };
        copy.ApplicationProperties[AttemptProperty] = attempt;
        return copy;
    }

    private static string RetryId(ServiceBusReceivedMessage message, int attempt)
    {
        // A copy's id is its original's with a suffix: take the suffix off so ids do not grow with each attempt.
        var id = message.MessageId ?? string.Empty;
        var received = AttemptOf(message);
        var receivedSuffix = received > 1 ? RetrySuffix(received) : null;
        var original = receivedSuffix is not null && id.EndsWith(receivedSuffix, StringComparison.Ordinal) ? id[..^receivedSuffix.Length] : id;
        var suffix = RetrySuffix(attempt);
        if (original.Length + suffix.Length > MaxMessageIdLength)
        {
            // Still derived from the original alone, so a second copy of the same attempt has the same id.
            original = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(original)));
        }

        return original + suffix;
    }

    private static string RetrySuffix(int attempt) => string.Create(CultureInfo.InvariantCulture, $":retry-{attempt - 1}");
}
