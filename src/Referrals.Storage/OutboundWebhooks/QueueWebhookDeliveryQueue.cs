using Azure;
using Azure.Storage.Queues;
using Referrals.Core.Events;
using Referrals.Core.OutboundWebhooks;
using Referrals.Storage.Events;

namespace Referrals.Storage.OutboundWebhooks;

/// <summary>
/// Delivery attempts as messages on the <c>webhook-deliveries</c> Storage queue in both hosts, each
/// invisible until its attempt is due (the retry schedule's delay; a queue allows up to 7 days). The
/// queue is created on first use where no host created it at start (the Functions app makes only tables).
/// </summary>
public sealed class QueueWebhookDeliveryQueue(StorageAccount account) : IWebhookDeliveryQueue
{
    /// <summary>The longest a Storage queue message can stay invisible.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7);

    private readonly QueueClient _queue = account.GetQueueClient(Topics.WebhookDeliveries);

    public async Task EnqueueAsync(WebhookDeliveryDue due, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(due);
        var body = EventSerializer.Serialize(due, Topics.WebhookDeliveries);
        var visibility = delay <= TimeSpan.Zero ? (TimeSpan?)null : (delay > MaxDelay ? MaxDelay : delay);
        try
        {
            await _queue.SendMessageAsync(body, visibility, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            await _queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await _queue.SendMessageAsync(body, visibility, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken);
        }
    }
}
