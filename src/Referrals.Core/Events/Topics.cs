namespace Referrals.Core.Events;

/// <summary>The names of the event streams; queues locally, Service Bus queues in the Functions deployment.</summary>
public static class Topics
{
    public const string ConversionReceived = "conversion-received";
    public const string ClicksRecorded = "clicks-recorded";
    public const string PayoutRunApproved = "payout-run.approved";

    /// <summary>Outbound webhook attempts; a Storage queue in both hosts (each message invisible until its attempt is due).</summary>
    public const string WebhookDeliveries = "webhook-deliveries";
}
