namespace Referrals.Core.Webhooks;

/// <summary>
/// Where a program's webhook secrets are kept. Implementations store them protected (encrypted at
/// rest) and hand them out only to verify signatures; no endpoint ever returns one.
/// </summary>
public interface IIntegrationSecrets
{
    /// <summary>Sets (or replaces) the program's secret for <paramref name="provider"/>.</summary>
    Task SetAsync(string programId, WebhookProvider provider, string secret, CancellationToken cancellationToken);

    /// <summary>The program's secret for <paramref name="provider"/>, or null when that integration is not configured.</summary>
    Task<string?> GetAsync(string programId, WebhookProvider provider, CancellationToken cancellationToken);
}
