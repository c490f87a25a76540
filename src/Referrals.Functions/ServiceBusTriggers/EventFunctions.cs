using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Referrals.Core.Conversions;
using Referrals.Core.Events;
using Referrals.Core.Payouts;
using Referrals.Core.Tracking;
using Referrals.ServiceBus;

namespace Referrals.Functions.ServiceBusTriggers;

/// <summary>
/// The Service Bus queues' consumers: attribution on <c>conversion-received</c>, the stats projection on
/// <c>clicks-recorded</c>, the <c>payout_run.paid</c> webhook event on <c>payout-run.approved</c>. Auto-completion is off: <see cref="EventSettlement"/> settles each message. It
/// completes a message whose handler took the event and dead-letters one that is not an event at once.
/// After a handler's failure it sends a copy of the message scheduled 1 s, 4 s, 15 s, 1 min, then 5 min
/// later (the attempt counted in the message's <c>referrals-attempt</c> property) and completes the original;
/// the failure of the sixth attempt is dead-lettered with its error. Handlers are idempotent, and the
/// queues drop duplicates by message id (the event id, or the copy's own), so a replay earns nothing twice.
/// </summary>
public sealed class EventFunctions(EventDelivery delivery, ServiceBusClient client, TimeProvider time, ILogger<EventSettlement> logger)
{
    private readonly EventSettlement _settlement = new(delivery, client, time, logger);

    [Function("Attribution")]
    public Task AttributeAsync(
        [ServiceBusTrigger(Topics.ConversionReceived, Connection = FunctionsHost.ServiceBusConnection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        _settlement.SettleAsync<ConversionReceived>(Topics.ConversionReceived, message, new TriggerActions(actions), cancellationToken);

    [Function("ProjectClicks")]
    public Task ProjectClicksAsync(
        [ServiceBusTrigger(Topics.ClicksRecorded, Connection = FunctionsHost.ServiceBusConnection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        _settlement.SettleAsync<ClicksRecordedBatch>(Topics.ClicksRecorded, message, new TriggerActions(actions), cancellationToken);

    /// <summary>Turns <c>payout-run.approved</c> into the shops' <c>payout_run.paid</c> webhook event.</summary>
    [Function("PayoutRunPaid")]
    public Task PayoutRunPaidAsync(
        [ServiceBusTrigger(Topics.PayoutRunApproved, Connection = FunctionsHost.ServiceBusConnection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        _settlement.SettleAsync<PayoutRunApproved>(Topics.PayoutRunApproved, message, new TriggerActions(actions), cancellationToken);

    /// <summary>The trigger's settlement calls as the <see cref="IMessageActions"/> that <see cref="EventSettlement"/> uses.</summary>
    private sealed class TriggerActions(ServiceBusMessageActions actions) : IMessageActions
    {
        public Task CompleteAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken) =>
            actions.CompleteMessageAsync(message, cancellationToken);

        public Task AbandonAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken) =>
            actions.AbandonMessageAsync(message, cancellationToken: cancellationToken);

        public Task DeadLetterAsync(ServiceBusReceivedMessage message, string reason, string description, CancellationToken cancellationToken) =>
            actions.DeadLetterMessageAsync(message, deadLetterReason: reason, deadLetterErrorDescription: description, cancellationToken: cancellationToken);
    }
}
