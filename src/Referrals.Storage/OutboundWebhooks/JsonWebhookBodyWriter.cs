using System.Text.Json;
using Referrals.Core.OutboundWebhooks;
using Referrals.Storage.Events;

namespace Referrals.Storage.OutboundWebhooks;

/// <summary>The body receivers get, in the API's JSON style (camelCase, enums as camelCase strings, amounts as integers).</summary>
public sealed class JsonWebhookBodyWriter : IWebhookBodyWriter
{
    public string Write(WebhookEvent webhookEvent)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        return JsonSerializer.Serialize(new Body(webhookEvent.Type, webhookEvent.Timestamp, webhookEvent.Data), EventSerializer.Options);
    }

    // Data is typed object, so it is written as its runtime record.
    private sealed record Body(string Type, DateTimeOffset Timestamp, object Data);
}
