using Referrals.Core.Payouts;

namespace Referrals.Core.OutboundWebhooks;

/// <summary>
/// The <c>data</c> of <c>payout_run.awaiting_decision</c>, <c>payout_run.paid</c> and <c>payout_run.expired</c>:
/// the run, its period and state, the decision deadline, the totals (minor units) and, once paid, what was paid.
/// </summary>
public sealed record PayoutRunEventData(
    string Id,
    string ProgramId,
    string Period,
    PayoutRunState State,
    string Currency,
    DateTimeOffset? Deadline,
    PayoutTotals? Totals,
    int? PaidLines = null,
    long? PaidAmount = null,
    DateTimeOffset? PaidAt = null)
{
    public static WebhookEvent Event(string type, PayoutRun run, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new WebhookEvent(WebhookEvent.IdFor(type, run.Id), type, run.ProgramId, now,
            new PayoutRunEventData(run.Id, run.ProgramId, run.PeriodKey, run.State, run.Currency, run.Deadline, run.Totals));
    }

    public static WebhookEvent Paid(PayoutRunApproved approved)
    {
        ArgumentNullException.ThrowIfNull(approved);
        return new WebhookEvent(
            WebhookEvent.IdFor(WebhookEventTypes.PayoutRunPaid, approved.RunId), WebhookEventTypes.PayoutRunPaid, approved.ProgramId, approved.PaidAt,
            new PayoutRunEventData(approved.RunId, approved.ProgramId, approved.PeriodKey, PayoutRunState.Paid, approved.Currency, null, null, approved.PaidLines, approved.PaidAmount, approved.PaidAt));
    }
}
