using Referrals.Core.OutboundWebhooks;

namespace Referrals.Api.OutboundWebhooks;

/// <summary>A delivery in the log: the event, its status, when the next attempt is due, and every attempt (time, status code, latency, the first 1 KB of the answer).</summary>
public sealed record WebhookDeliveryResponse(
    string Id,
    string EndpointId,
    string WebhookId,
    string EventType,
    DeliveryStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    IReadOnlyList<WebhookAttemptResponse> Attempts)
{
    public static WebhookDeliveryResponse From(WebhookDelivery delivery, IReadOnlyList<DeliveryAttempt> attempts) => new(
        delivery.Id,
        delivery.EndpointId,
        delivery.WebhookId,
        delivery.EventType,
        delivery.Status,
        delivery.CreatedAt,
        delivery.Status == DeliveryStatus.Pending ? delivery.NextAttemptAt : null,
        attempts.OrderBy(attempt => attempt.Number).Select(WebhookAttemptResponse.From).ToList());
}
