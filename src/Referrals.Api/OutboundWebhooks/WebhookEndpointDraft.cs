namespace Referrals.Api.OutboundWebhooks;

/// <summary>A new endpoint: the https URL that receives the events, the event types it wants, and an optional note.</summary>
public sealed record WebhookEndpointDraft(string? Url, string[]? Events, string? Description);
