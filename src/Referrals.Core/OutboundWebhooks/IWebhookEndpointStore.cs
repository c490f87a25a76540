namespace Referrals.Core.OutboundWebhooks;

/// <summary>A program's webhook endpoints, secrets included (the store keeps them encrypted).</summary>
public interface IWebhookEndpointStore
{
    Task CreateAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken);

    Task<WebhookEndpoint?> GetAsync(string programId, string endpointId, CancellationToken cancellationToken);

    Task<IReadOnlyList<WebhookEndpoint>> ListAsync(string programId, CancellationToken cancellationToken);

    /// <summary>Replaces the stored endpoint; false when it no longer exists.</summary>
    Task<bool> SaveAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken);

    /// <summary>Removes the endpoint; false when there was none.</summary>
    Task<bool> DeleteAsync(string programId, string endpointId, CancellationToken cancellationToken);
}
