namespace Referrals.Api.OutboundWebhooks;

/// <summary>
/// An endpoint's signing secret, shown only in the answer that creates it (creation or rotation). After a
/// rotation the old secret keeps signing until <c>previousSecretUntil</c>.
/// </summary>
public sealed record WebhookSecretResponse(string Id, string Secret, WebhookEndpointResponse Endpoint, DateTimeOffset? PreviousSecretUntil);
