using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Referrals.Core.Events;
using Referrals.Core.OutboundWebhooks;
using Referrals.Storage.Events;

namespace Referrals.Functions.OutboundWebhooks;

/// <summary>
/// Outbound webhook attempts from the <c>webhook-deliveries</c> Storage queue (the same queue and the
/// same <see cref="DeliverWebhook"/> as the server's worker): each message is one attempt, made visible
/// when it is due, and a failed attempt queues the next one after the retry schedule's delay. A message
/// that is not an attempt is logged and dropped; a storage failure throws, so the runtime retries the
/// message and moves it to <c>webhook-deliveries-poison</c> after its dequeue limit.
/// </summary>
public sealed partial class WebhookDeliveryFunction(DeliverWebhook deliver, ILogger<WebhookDeliveryFunction> logger)
{
    [Function("DeliverWebhook")]
    public async Task RunAsync([QueueTrigger(Topics.WebhookDeliveries)] string message, CancellationToken cancellationToken)
    {
        WebhookDeliveryDue? due;
        try
        {
            due = JsonSerializer.Deserialize<WebhookDeliveryDue>(message, EventSerializer.Options);
        }
        catch (JsonException exception)
        {
            LogUnreadable(logger, exception);
            return;
        }

        if (due is null || string.IsNullOrEmpty(due.DeliveryId) || string.IsNullOrEmpty(due.EndpointId) || string.IsNullOrEmpty(due.ProgramId))
        {
            LogUnreadable(logger, null);
            return;
        }

        await deliver.HandleAsync(due, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A message on the webhook-deliveries queue is not a delivery attempt; it is dropped")]
    private static partial void LogUnreadable(ILogger logger, Exception? exception);
}
