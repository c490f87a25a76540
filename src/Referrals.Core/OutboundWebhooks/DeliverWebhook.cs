using Microsoft.Extensions.Logging;
using Referrals.Core.Events;

namespace Referrals.Core.OutboundWebhooks;

/// <summary>
/// Makes one attempt of a delivery: signs the stored body with the endpoint's secrets, sends it, logs the
/// attempt, and either closes the delivery (a 2xx, or the last attempt failed) or queues the next attempt
/// after the schedule's delay. The delivery moves only under the version it was read at, so of two
/// copies of a message one records the attempt and the other is dropped.
/// </summary>
/// <remarks>
/// A message for an attempt already recorded means the host stopped between recording and queueing the
/// next one: the next attempt is queued (again) for when it was due. A delivery that fails for good counts
/// against its endpoint; <see cref="WebhookDeliverySettings.DisableAfterFailures"/> of those in a row
/// disable it (logged: the program's admins are not e-mailed, as there is no e-mail port yet).
/// </remarks>
public sealed partial class DeliverWebhook(
    IWebhookEndpointStore endpoints,
    IWebhookDeliveryStore deliveries,
    IWebhookDeliveryQueue queue,
    IWebhookSender sender,
    WebhookDeliverySettings settings,
    TimeProvider time,
    ILogger<DeliverWebhook> logger) : IEventHandler<WebhookDeliveryDue>
{
    public async Task HandleAsync(WebhookDeliveryDue @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        if (await deliveries.GetAsync(@event.EndpointId, @event.DeliveryId, cancellationToken) is not { } stored)
        {
            return;
        }

        var (delivery, version) = stored;
        if (delivery.Status != DeliveryStatus.Pending || delivery.Attempts >= @event.Attempt)
        {
            if (delivery.Status == DeliveryStatus.Pending && delivery.Attempts == @event.Attempt)
            {
                var wait = delivery.NextAttemptAt is { } due ? due - time.GetUtcNow() : TimeSpan.Zero;
                await queue.EnqueueAsync(@event with { Attempt = @event.Attempt + 1 }, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, cancellationToken);
            }

            return;
        }

        var endpoint = await endpoints.GetAsync(@event.ProgramId, @event.EndpointId, cancellationToken);
        if (endpoint is not { Enabled: true })
        {
            // A deleted or disabled endpoint gets nothing more; the delivery stays in the log as failed and can be redelivered.
            await deliveries.TryUpdateAsync(delivery with { Status = DeliveryStatus.Failed, NextAttemptAt = null }, version, cancellationToken);
            return;
        }

        var number = delivery.Attempts + 1;
        var sentAt = time.GetUtcNow();
        var signature = StandardWebhookSigner.Sign(delivery.WebhookId, sentAt, delivery.Body, endpoint.SigningSecrets(sentAt));
        var response = await sender.SendAsync(new WebhookRequest(endpoint.Url, delivery.WebhookId, sentAt, signature, delivery.Body), cancellationToken);
        await deliveries.AddAttemptAsync(
            new DeliveryAttempt(delivery.Id, number, sentAt, response.StatusCode, (long)response.Latency.TotalMilliseconds, response.ResponseHead, response.Error),
            cancellationToken);

        var attempted = delivery with { Attempts = number, LastStatusCode = response.StatusCode, LastAttemptAt = sentAt };
        if (response.Succeeded)
        {
            if (await deliveries.TryUpdateAsync(attempted with { Status = DeliveryStatus.Succeeded, NextAttemptAt = null }, version, cancellationToken)
                && endpoint.ConsecutiveFailures > 0)
            {
                await endpoints.SaveAsync(endpoint with { ConsecutiveFailures = 0 }, cancellationToken);
            }

            return;
        }

        LogAttemptFailed(logger, delivery.Id, number, response.StatusCode, response.Error);
        if (settings.Schedule.DelayAfter(number - delivery.RunStartedAt + 1) is { } delay)
        {
            if (await deliveries.TryUpdateAsync(attempted with { NextAttemptAt = sentAt + delay }, version, cancellationToken))
            {
                await queue.EnqueueAsync(@event with { Attempt = number + 1 }, delay, cancellationToken);
            }

            return;
        }

        if (!await deliveries.TryUpdateAsync(attempted with { Status = DeliveryStatus.Failed, NextAttemptAt = null }, version, cancellationToken))
        {
            return;
        }

        var failures = endpoint.ConsecutiveFailures + 1;
        if (failures >= settings.DisableAfterFailures)
        {
            var reason = $"Disabled after {failures} deliveries in a row failed their last attempt.";
            await endpoints.SaveAsync(endpoint with { ConsecutiveFailures = failures, Enabled = false, DisabledReason = reason }, cancellationToken);
            LogEndpointDisabled(logger, endpoint.Id, endpoint.ProgramId, failures);
        }
        else
        {
            await endpoints.SaveAsync(endpoint with { ConsecutiveFailures = failures }, cancellationToken);
        }
    }

    /// <summary>
    /// Starts a new run of attempts for a delivery (a manager's redelivery), whatever its status, with the
    /// same body and <c>webhook-id</c>; false when there is no such delivery.
    /// </summary>
    public async Task<WebhookDelivery?> RedeliverAsync(string programId, string endpointId, string deliveryId, CancellationToken cancellationToken)
    {
        for (var tries = 0; tries < 5; tries++)
        {
            if (await deliveries.GetAsync(endpointId, deliveryId, cancellationToken) is not { } stored || stored.Delivery.ProgramId != programId)
            {
                return null;
            }

            var next = stored.Delivery.Attempts + 1;
            var restarted = stored.Delivery with { Status = DeliveryStatus.Pending, RunStartedAt = next, NextAttemptAt = time.GetUtcNow() };
            if (await deliveries.TryUpdateAsync(restarted, stored.Version, cancellationToken))
            {
                await queue.EnqueueAsync(new WebhookDeliveryDue(programId, endpointId, deliveryId, next), TimeSpan.Zero, cancellationToken);
                return restarted;
            }
        }

        throw new InvalidOperationException($"Delivery {deliveryId} kept changing while it was redelivered.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} attempt {Attempt} failed: status {StatusCode}, {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, string deliveryId, int attempt, int? statusCode, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook endpoint {EndpointId} of program {ProgramId} is disabled after {Failures} failed deliveries in a row; the program's admins should re-enable it once the receiver works (no e-mail is sent)")]
    private static partial void LogEndpointDisabled(ILogger logger, string endpointId, string programId, int failures);
}
