namespace Referrals.Api.OutboundWebhooks;

/// <summary>An endpoint's deliveries, newest first.</summary>
public sealed record WebhookDeliveryList(IReadOnlyList<WebhookDeliveryResponse> Items);
