namespace Referrals.Core.OutboundWebhooks;

/// <summary>Where a delivery stands: waiting for its next attempt, received by the endpoint, or given up after its last attempt.</summary>
public enum DeliveryStatus
{
    Pending,
    Succeeded,
    Failed,
}
