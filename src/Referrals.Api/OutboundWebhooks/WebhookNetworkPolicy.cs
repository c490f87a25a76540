namespace Referrals.Api.OutboundWebhooks;

/// <summary>Whether receivers on loopback and private networks are allowed here (Development, or set explicitly).</summary>
public sealed record WebhookNetworkPolicy(bool AllowPrivateNetworks);
