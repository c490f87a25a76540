using Referrals.Core.OutboundWebhooks;

namespace Referrals.Api.OutboundWebhooks;

/// <summary>An endpoint as listed: never its secret. <c>disabledReason</c> says why it stopped receiving, when it did.</summary>
public sealed record WebhookEndpointResponse(
    string Id,
    string ProgramId,
    string Url,
    IReadOnlyList<string> Events,
    string? Description,
    bool Enabled,
    DateTimeOffset CreatedAt,
    int ConsecutiveFailures,
    string? DisabledReason,
    DateTimeOffset? PreviousSecretUntil)
{
    public static WebhookEndpointResponse From(WebhookEndpoint endpoint, DateTimeOffset now) => new(
        endpoint.Id,
        endpoint.ProgramId,
        endpoint.Url,
        endpoint.Events,
        endpoint.Description,
        endpoint.Enabled,
        endpoint.CreatedAt,
        endpoint.ConsecutiveFailures,
        endpoint.DisabledReason,
        endpoint.PreviousSecretUntil > now ? endpoint.PreviousSecretUntil : null);
}
