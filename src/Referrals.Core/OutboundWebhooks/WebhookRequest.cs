namespace Referrals.Core.OutboundWebhooks;

/// <summary>One signed POST to a receiver.</summary>
public sealed record WebhookRequest(string Url, string WebhookId, DateTimeOffset Timestamp, string Signature, string Body);
