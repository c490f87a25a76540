namespace Referrals.Api.OutboundWebhooks;

/// <summary>A program's webhook endpoints, oldest first, without secrets.</summary>
public sealed record WebhookEndpointList(IReadOnlyList<WebhookEndpointResponse> Items);
