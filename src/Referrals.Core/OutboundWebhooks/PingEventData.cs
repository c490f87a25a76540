namespace Referrals.Core.OutboundWebhooks;

/// <summary>The <c>data</c> of the <c>ping</c> an endpoint's test sends.</summary>
public sealed record PingEventData(string EndpointId, string Message)
{
    public static WebhookEvent Event(WebhookEndpoint endpoint, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        // Each test is a new event: its id includes the time, so a second test is delivered too.
        return new WebhookEvent(
            WebhookEvent.IdFor(WebhookEventTypes.Ping, endpoint.Id + "@" + now.ToUnixTimeMilliseconds()), WebhookEventTypes.Ping, endpoint.ProgramId, now,
            new PingEventData(endpoint.Id, "This is a test event. Your endpoint received and can verify it."));
    }
}
