using Referrals.Core.Events;
using Referrals.Core.Payouts;

namespace Referrals.Core.OutboundWebhooks;

/// <summary>Turns <c>payout-run.approved</c> into the shop's <c>payout_run.paid</c> event (idempotent: the webhook id is the run's).</summary>
public sealed class EmitPayoutRunPaid(IWebhookOutbox outbox) : IEventHandler<PayoutRunApproved>
{
    public Task HandleAsync(PayoutRunApproved @event, CancellationToken cancellationToken) =>
        outbox.RecordAsync(PayoutRunEventData.Paid(@event), cancellationToken);
}
