using Referrals.Core.Events;

namespace Referrals.Core.OutboundWebhooks;

/// <summary>The queue message that asks for attempt <see cref="Attempt"/> of a delivery; it becomes visible when that attempt is due.</summary>
public sealed record WebhookDeliveryDue(string ProgramId, string EndpointId, string DeliveryId, int Attempt) : IEvent
{
    string IEvent.EventId => $"{DeliveryId}.{Attempt}";

    string? IEvent.ProgramId => ProgramId;
}
