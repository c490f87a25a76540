namespace Referrals.Core.OutboundWebhooks;

/// <summary>Asks for a delivery attempt after <c>delay</c> (the queue message stays invisible until then).</summary>
public interface IWebhookDeliveryQueue
{
    Task EnqueueAsync(WebhookDeliveryDue due, TimeSpan delay, CancellationToken cancellationToken);
}
