using Azure.Messaging.ServiceBus;
using Referrals.Storage.Events;

namespace Referrals.ServiceBus.Tests;

/// <summary>
/// Dead-letter subqueues in memory with Service Bus's rules for them: messages in sequence order, a
/// received one locked until completed (gone) or abandoned (back), and what was sent to each queue.
/// </summary>
internal sealed class FakeDeadLetterReceiver : IDeadLetterReceiver
{
    private readonly Dictionary<string, List<ServiceBusReceivedMessage>> _deadLetters = new(StringComparer.Ordinal);
    private readonly HashSet<long> _locked = [];
    private long _sequence;

    public List<(string Queue, ServiceBusMessage Message)> Sent { get; } = [];

    public int Abandoned { get; private set; }

    /// <summary>Dead-letters <paramref name="sent"/> in <paramref name="queue"/>, as the policy does after its last attempt.</summary>
    public ServiceBusReceivedMessage DeadLetter(string queue, ServiceBusMessage sent, DateTimeOffset enqueuedAt, string reason = "AttemptsExhausted", string description = "Attempt 6 of 6 failed: storage refused")
    {
        var properties = new Dictionary<string, object>(sent.ApplicationProperties, StringComparer.Ordinal)
        {
            ["DeadLetterReason"] = reason,
            ["DeadLetterErrorDescription"] = description,
        };
        var message = ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: sent.Body, messageId: sent.MessageId, contentType: sent.ContentType, subject: sent.Subject, properties: properties,
            deliveryCount: 1, sequenceNumber: ++_sequence, enqueuedTime: enqueuedAt);
        Queue(queue).Add(message);
        return message;
    }

    public IReadOnlyList<ServiceBusReceivedMessage> In(string queue) => Queue(queue);

    public Task<IReadOnlyList<ServiceBusReceivedMessage>> PeekAsync(string queue, long fromSequenceNumber, int maxMessages, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ServiceBusReceivedMessage>>([.. Queue(queue).Where(m => m.SequenceNumber >= fromSequenceNumber).Take(maxMessages)]);

    public Task<IReadOnlyList<ServiceBusReceivedMessage>> ReceiveAsync(string queue, int maxMessages, CancellationToken cancellationToken)
    {
        var batch = Queue(queue).Where(m => !_locked.Contains(m.SequenceNumber)).Take(maxMessages).ToList();
        batch.ForEach(m => _locked.Add(m.SequenceNumber));
        return Task.FromResult<IReadOnlyList<ServiceBusReceivedMessage>>(batch);
    }

    public Task CompleteAsync(string queue, ServiceBusReceivedMessage message, CancellationToken cancellationToken)
    {
        Assert.True(_locked.Remove(message.SequenceNumber), "Completed a dead letter that was not locked.");
        Queue(queue).Remove(message);
        return Task.CompletedTask;
    }

    public Task AbandonAsync(string queue, ServiceBusReceivedMessage message, CancellationToken cancellationToken)
    {
        Assert.True(_locked.Remove(message.SequenceNumber), "Abandoned a dead letter that was not locked.");
        Abandoned++;
        return Task.CompletedTask;
    }

    public Task SendAsync(string queue, ServiceBusMessage message, CancellationToken cancellationToken)
    {
        Sent.Add((queue, message));
        return Task.CompletedTask;
    }

    public bool AnyLocked => _locked.Count > 0;

    private List<ServiceBusReceivedMessage> Queue(string queue)
    {
        if (!_deadLetters.TryGetValue(queue, out var messages))
        {
            _deadLetters[queue] = messages = [];
        }

        return messages;
    }

    /// <summary>The sent message of an event, as <see cref="ServiceBusEventPublisher"/> sends it.</summary>
    public static ServiceBusMessage Event<TEvent>(string topic, TEvent @event) => ServiceBusMessages.From(EventEnvelope.For(topic, @event));
}
