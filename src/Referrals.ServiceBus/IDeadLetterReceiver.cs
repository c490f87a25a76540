using Azure.Messaging.ServiceBus;

namespace Referrals.ServiceBus;

/// <summary>
/// What <see cref="ServiceBusDeadLetters"/> needs of Service Bus: reading a queue's dead-letter subqueue
/// (peeking, and receiving under a lock to settle), and sending to the queue itself.
/// <see cref="ServiceBusDeadLetterReceiver"/> is the real one.
/// </summary>
public interface IDeadLetterReceiver
{
    /// <summary>Up to <paramref name="maxMessages"/> dead letters of <paramref name="queue"/> from <paramref name="fromSequenceNumber"/> on, without locking them.</summary>
    Task<IReadOnlyList<ServiceBusReceivedMessage>> PeekAsync(string queue, long fromSequenceNumber, int maxMessages, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="maxMessages"/> dead letters of <paramref name="queue"/>, locked for this receiver; none when the subqueue is empty.</summary>
    Task<IReadOnlyList<ServiceBusReceivedMessage>> ReceiveAsync(string queue, int maxMessages, CancellationToken cancellationToken);

    /// <summary>Removes a received dead letter.</summary>
    Task CompleteAsync(string queue, ServiceBusReceivedMessage message, CancellationToken cancellationToken);

    /// <summary>Releases the lock of a received dead letter, leaving it in the subqueue.</summary>
    Task AbandonAsync(string queue, ServiceBusReceivedMessage message, CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="message"/> to <paramref name="queue"/> itself.</summary>
    Task SendAsync(string queue, ServiceBusMessage message, CancellationToken cancellationToken);
}
