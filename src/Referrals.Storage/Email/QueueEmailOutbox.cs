using Azure;
using Azure.Storage.Queues;
using Referrals.Core.Email;
using Referrals.Storage.Events;

namespace Referrals.Storage.Email;

/// <summary>
/// The e-mail outbox on the Storage queue <see cref="Topic"/> (always Storage, also where events travel
/// on Service Bus): one JSON message per e-mail, in the events' format, so <see cref="QueueWorker{TEvent}"/>
/// delivers it with retries and a poison queue, and the dead letters list it under its program.
/// A queue that does not exist yet is made on first use.
/// </summary>
public sealed class QueueEmailOutbox(StorageAccount account) : IEmailOutbox
{
    /// <summary>The queue's name before the account's prefix; its poison queue is <c>email-outbox-poison</c>.</summary>
    public const string Topic = "email-outbox";

    private readonly QueueClient _queue = account.GetQueueClient(Topic);
    private readonly QueueClient _poison = account.GetPoisonQueueClient(Topic);

    public async Task EnqueueAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = EventEnvelope.For(Topic, message).Body;
        try
        {
            await _queue.SendMessageAsync(body, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            await EnsureCreatedAsync(cancellationToken);
            await _queue.SendMessageAsync(body, cancellationToken);
        }
    }

    /// <summary>Creates the queue and its poison queue when missing.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await _queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }
}
