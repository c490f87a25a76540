using Azure;
using Azure.Storage.Queues;
using Referrals.Core.Joining;
using Referrals.Storage.Events;

namespace Referrals.Storage.Joining;

/// <summary>
/// The terms fan-out's work items on the Storage queue <see cref="Topic"/> (always Storage, like the e-mail
/// outbox), in the events' format, so <see cref="QueueWorker{TEvent}"/> delivers them with retries and a poison
/// queue. A queue that does not exist yet is made on first use.
/// </summary>
public sealed class QueueTermsFanOut(StorageAccount account) : ITermsFanOut
{
    /// <summary>The queue's name before the account's prefix; its poison queue is <c>terms-published-poison</c>.</summary>
    public const string Topic = "terms-published";

    private readonly QueueClient _queue = account.GetQueueClient(Topic);
    private readonly QueueClient _poison = account.GetPoisonQueueClient(Topic);

    public async Task EnqueueAsync(TermsPublished published, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(published);
        var body = EventEnvelope.For(Topic, published).Body;
        try
        {
            await _queue.SendMessageAsync(body, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            await _queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await _poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await _queue.SendMessageAsync(body, cancellationToken);
        }
    }
}
