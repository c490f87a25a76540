namespace Referrals.Core.OutboundWebhooks;

/// <summary>
/// One event on its way to one endpoint: the exact body every attempt sends (so the receiver sees the
/// same <c>webhook-id</c> and content each time), how many attempts were made, and when the next is due.
/// <see cref="RunStartedAt"/> is the number of the first attempt of the current run (1, or the attempt
/// a redelivery starts), so the retry schedule counts from there.
/// </summary>
public sealed record WebhookDelivery(
    string Id,
    string ProgramId,
    string EndpointId,
    string WebhookId,
    string EventType,
    string Body,
    DateTimeOffset CreatedAt,
    DeliveryStatus Status = DeliveryStatus.Pending,
    int Attempts = 0,
    int RunStartedAt = 1,
    DateTimeOffset? NextAttemptAt = null,
    int? LastStatusCode = null,
    DateTimeOffset? LastAttemptAt = null)
{
    /// <summary>One delivery per endpoint and event: recording the event again finds the same delivery.</summary>
    public static string IdFor(string endpointId, string webhookId) => Identifiers.Stable("dlv", endpointId, webhookId);
}
