using Azure.Messaging.ServiceBus;

namespace Referrals.ServiceBus;

/// <summary>
/// The settlement of a message its trigger delivered with auto-completion off: in the Functions app, the
/// trigger's <c>ServiceBusMessageActions</c>. Each call settles the message for good (or, abandoning, hands it back).
/// </summary>
public interface IMessageActions
{
    /// <summary>Removes the message from its queue.</summary>
    Task CompleteAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken);

    /// <summary>Releases the message's lock so the queue delivers it again at once (its delivery count goes up).</summary>
    Task AbandonAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken);

    /// <summary>Moves the message to its queue's dead-letter queue with <paramref name="reason"/> and <paramref name="description"/>.</summary>
    Task DeadLetterAsync(ServiceBusReceivedMessage message, string reason, string description, CancellationToken cancellationToken);
}
