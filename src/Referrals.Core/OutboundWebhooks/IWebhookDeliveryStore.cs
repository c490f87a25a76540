namespace Referrals.Core.OutboundWebhooks;

/// <summary>Deliveries and their attempts, read and changed under a version so two copies of a message cannot both move one.</summary>
public interface IWebhookDeliveryStore
{
    /// <summary>Stores a new delivery; false when one with its id exists already (the event was recorded before).</summary>
    Task<bool> TryCreateAsync(WebhookDelivery delivery, CancellationToken cancellationToken);

    Task<(WebhookDelivery Delivery, string Version)?> GetAsync(string endpointId, string deliveryId, CancellationToken cancellationToken);

    /// <summary>Replaces the delivery if it is still at <paramref name="version"/>; false when another writer moved it first.</summary>
    Task<bool> TryUpdateAsync(WebhookDelivery delivery, string version, CancellationToken cancellationToken);

    /// <summary>An endpoint's deliveries, newest first, optionally of one status.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ListAsync(string endpointId, DeliveryStatus? status, int limit, CancellationToken cancellationToken);

    /// <summary>Stores an attempt (again, if it was stored before: attempts are keyed by delivery and number).</summary>
    Task AddAttemptAsync(DeliveryAttempt attempt, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeliveryAttempt>> ListAttemptsAsync(string deliveryId, CancellationToken cancellationToken);
}
