namespace Referrals.Api.OutboundWebhooks;

/// <summary>Changes to an endpoint; a field left out stays as it is. Enabling an endpoint clears its run of failures.</summary>
public sealed record WebhookEndpointPatch(string? Url, string[]? Events, bool? Enabled, string? Description);
