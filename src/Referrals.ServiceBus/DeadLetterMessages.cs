using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Messaging.ServiceBus;
using Referrals.Core.Events;
using Referrals.Storage.Events;

namespace Referrals.ServiceBus;

/// <summary>
/// A Service Bus dead letter as the dead-letter API shows it, and the copy that tries it again. Its id is
/// the enqueue time (UTC ticks, 19 digits, so ids sort oldest first as on the Storage side), the queue and
/// the message's sequence number in the dead-letter subqueue: <c>0638…-conversion-received-42</c>.
/// </summary>
public static class DeadLetterMessages
{
    /// <summary>The queues whose dead letters are listed: one per topic.</summary>
    public static IReadOnlyList<string> Queues { get; } = [Topics.ConversionReceived, Topics.ClicksRecorded, Topics.PayoutRunApproved];

    /// <summary>The application property of the copy's original message id.</summary>
    public const string RequeuedFromProperty = "referrals-requeued-from";

    // Service Bus keeps the reason and description of a dead letter among the application properties.
    private const string ReasonProperty = "DeadLetterReason";
    private const string DescriptionProperty = "DeadLetterErrorDescription";
    private const int MaxMessageIdLength = 128;

    /// <summary>The dead letter <paramref name="message"/> of <paramref name="queue"/>: its event, the reason and error, and the tries it had.</summary>
    public static DeadLetter From(string queue, ServiceBusReceivedMessage message)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        ArgumentNullException.ThrowIfNull(message);
        var body = message.Body.ToString();
        var error = string.IsNullOrEmpty(message.DeadLetterErrorDescription)
            ? message.DeadLetterReason ?? string.Empty
            : $"{message.DeadLetterReason}: {message.DeadLetterErrorDescription}";
        return new DeadLetter(
            IdOf(queue, message),
            queue,
            body,
            error,
            message.EnqueuedTime,
            Math.Max(message.DeliveryCount, ServiceBusMessages.AttemptOf(message)),
            DeadLetterLog.ProgramIdOf(body));
    }

    public static string IdOf(string queue, ServiceBusReceivedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return string.Create(CultureInfo.InvariantCulture, $"{message.EnqueuedTime.UtcTicks:D19}-{Slug(queue)}-{message.SequenceNumber}");
    }

    /// <summary>The queue and sequence number an id names; false for an id of no listed queue.</summary>
    public static bool TryParseId(string? id, out string queue, out long sequenceNumber)
    {
        queue = string.Empty;
        sequenceNumber = -1;
        if (id is null || id.Length < 23 || id[19] != '-' || !id[..19].All(char.IsAsciiDigit))
        {
            return false;
        }

        var rest = id[20..];
        var last = rest.LastIndexOf('-');
        if (last <= 0 || !long.TryParse(rest[(last + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out sequenceNumber))
        {
            return false;
        }

        var slug = rest[..last];
        queue = Queues.FirstOrDefault(name => Slug(name) == slug) ?? string.Empty;
        return queue.Length > 0;
    }

    /// <summary>
    /// The copy of a dead letter sent to its queue again: the same body, content type, subject and event
    /// properties, on its first attempt, without the dead-letter reason, and with an id of its own (the
    /// original's with <c>:requeue-</c> and the dead letter's sequence number). The queue's duplicate
    /// detection would drop a copy with the original's id; with this one it drops only a second copy of the
    /// same dead letter, sent again after a crash between sending and removing it.
    /// </summary>
    public static ServiceBusMessage RequeueOf(ServiceBusReceivedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var original = message.MessageId ?? string.Empty;
        var suffix = string.Create(CultureInfo.InvariantCulture, $":requeue-{message.SequenceNumber}");
        var id = original.Length + suffix.Length > MaxMessageIdLength
            ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(original))) + suffix
            : original + suffix;
        var copy = new ServiceBusMessage(message) { MessageId = id };
        copy.ApplicationProperties.Remove(ServiceBusMessages.AttemptProperty);
        copy.ApplicationProperties.Remove(ReasonProperty);
        copy.ApplicationProperties.Remove(DescriptionProperty);
        copy.ApplicationProperties[RequeuedFromProperty] = original;
        return copy;
    }

    // Ids allow letters, digits and '-' only.
    private static string Slug(string queue) => queue.Replace('.', '-');
}
