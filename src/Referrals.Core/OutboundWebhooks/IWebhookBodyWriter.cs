namespace Referrals.Core.OutboundWebhooks;

/// <summary>Writes an event as the JSON body receivers get: <c>{"type", "timestamp", "data"}</c>.</summary>
public interface IWebhookBodyWriter
{
    string Write(WebhookEvent webhookEvent);
}
