using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;

namespace Referrals.ServiceBus;

/// <summary>
/// The dead-letter subqueues of the event queues through one <see cref="ServiceBusClient"/>: a peek-lock
/// receiver on each queue's <see cref="SubQueue.DeadLetter"/> (kept, since a message is settled by the
/// receiver that locked it) and a sender on the queue.
/// </summary>
public sealed class ServiceBusDeadLetterReceiver(ServiceBusClient client) : IDeadLetterReceiver, IAsyncDisposable
{
    // A receive that finds the subqueue empty returns after this, instead of the client's minute.
    private static readonly TimeSpan EmptyWait = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, ServiceBusReceiver> _receivers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ServiceBusSender> _senders = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<ServiceBusReceivedMessage>> PeekAsync(string queue, long fromSequenceNumber, int maxMessages, CancellationToken cancellationToken) =>
        await Receiver(queue).PeekMessagesAsync(maxMessages, fromSequenceNumber, cancellationToken);

    public async Task<IReadOnlyList<ServiceBusReceivedMessage>> ReceiveAsync(string queue, int maxMessages, CancellationToken cancellationToken) =>
        await Receiver(queue).ReceiveMessagesAsync(maxMessages, EmptyWait, cancellationToken);

    public Task CompleteAsync(string queue, ServiceBusReceivedMessage message, CancellationToken cancellationToken) =>
        Receiver(queue).CompleteMessageAsync(message, cancellationToken);

    public Task AbandonAsync(string queue, ServiceBusReceivedMessage message, CancellationToken cancellationToken) =>
        Receiver(queue).AbandonMessageAsync(message, cancellationToken: cancellationToken);

    public Task SendAsync(string queue, ServiceBusMessage message, CancellationToken cancellationToken) =>
        _senders.GetOrAdd(queue, client.CreateSender).SendMessageAsync(message, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var receiver in _receivers.Values)
        {
            await receiver.DisposeAsync();
        }

        foreach (var sender in _senders.Values)
        {
            await sender.DisposeAsync();
        }
    }

    private ServiceBusReceiver Receiver(string queue) =>
        _receivers.GetOrAdd(queue, name => client.CreateReceiver(name, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter, ReceiveMode = ServiceBusReceiveMode.PeekLock }));
}
