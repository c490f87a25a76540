using Microsoft.Extensions.Logging;

namespace Referrals.Core.OutboundWebhooks;

/// <summary>
/// The outbox: for every enabled endpoint of the program that subscribed to the event's type, stores a
/// delivery (insert-if-absent, keyed by endpoint and <c>webhook-id</c>) with the exact body, then queues
/// its first attempt. Recording the same event again (a retried message after a crash) finds the
/// deliveries already stored and queues again only those that never made an attempt, so the event is
/// neither lost nor sent as a new one; a duplicate queue message is dropped by <see cref="DeliverWebhook"/>.
/// </summary>
public sealed partial class RecordWebhookEvent(
    IWebhookEndpointStore endpoints,
    IWebhookDeliveryStore deliveries,
    IWebhookDeliveryQueue queue,
    IWebhookBodyWriter bodies,
    ILogger<RecordWebhookEvent> logger) : IWebhookOutbox
{
    public async Task RecordAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        var subscribed = (await endpoints.ListAsync(webhookEvent.ProgramId, cancellationToken))
            .Where(endpoint => endpoint.Enabled && endpoint.Subscribes(webhookEvent.Type))
            .ToList();
        if (subscribed.Count == 0)
        {
            return;
        }

        var body = bodies.Write(webhookEvent);
        foreach (var endpoint in subscribed)
        {
            await RecordForAsync(endpoint, webhookEvent, body, cancellationToken);
        }
    }

    /// <summary>Records <paramref name="webhookEvent"/> for one endpoint only, subscribed or not (an endpoint's test ping).</summary>
    public async Task<WebhookDelivery> RecordForAsync(WebhookEndpoint endpoint, WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(webhookEvent);
        return await RecordForAsync(endpoint, webhookEvent, bodies.Write(webhookEvent), cancellationToken);
    }

    private async Task<WebhookDelivery> RecordForAsync(WebhookEndpoint endpoint, WebhookEvent webhookEvent, string body, CancellationToken cancellationToken)
    {
        var delivery = new WebhookDelivery(
            WebhookDelivery.IdFor(endpoint.Id, webhookEvent.Id), endpoint.ProgramId, endpoint.Id, webhookEvent.Id, webhookEvent.Type, body, webhookEvent.Timestamp);
        if (!await deliveries.TryCreateAsync(delivery, cancellationToken))
        {
            if (await deliveries.GetAsync(endpoint.Id, delivery.Id, cancellationToken) is not { } stored
                || stored.Delivery is not { Status: DeliveryStatus.Pending, Attempts: 0 })
            {
                return delivery;
            }

            delivery = stored.Delivery;
        }

        await queue.EnqueueAsync(new WebhookDeliveryDue(endpoint.ProgramId, endpoint.Id, delivery.Id, 1), TimeSpan.Zero, cancellationToken);
        LogQueued(logger, webhookEvent.Type, webhookEvent.Id, endpoint.Id);
        return delivery;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook {EventType} {WebhookId} queued for endpoint {EndpointId}")]
    private static partial void LogQueued(ILogger logger, string eventType, string webhookId, string endpointId);
}
