namespace Referrals.Api.OutboundWebhooks;

/// <summary>The receiver's name resolved only to addresses a webhook may not reach; no connection was opened.</summary>
public sealed class WebhookAddressRefusedException(string message) : IOException(message);
