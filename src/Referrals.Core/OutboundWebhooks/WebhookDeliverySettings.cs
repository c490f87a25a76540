namespace Referrals.Core.OutboundWebhooks;

/// <summary>The retry schedule, and how many deliveries in a row may fail for good before the endpoint is disabled.</summary>
public sealed record WebhookDeliverySettings(RetrySchedule Schedule, int DisableAfterFailures)
{
    public static WebhookDeliverySettings Default { get; } = new(RetrySchedule.Default, 5);
}
