namespace Referrals.Core.OutboundWebhooks;

/// <summary>
/// Records an event for the program's subscribed endpoints and queues its deliveries. Idempotent by
/// <see cref="WebhookEvent.Id"/>: a caller records before it marks its own work done, so a retry after a
/// crash records again and nothing is lost or delivered twice as a new event.
/// </summary>
public interface IWebhookOutbox
{
    Task RecordAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken);
}
