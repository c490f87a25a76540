using Referrals.Core.Events;

namespace Referrals.Core.Payouts;

/// <summary>A run was approved and its lines are paid: the payout file is ready (<c>payout-run.approved</c>).</summary>
public sealed record PayoutRunApproved(string RunId, string ProgramId, string PeriodKey, string Currency, int PaidLines, long PaidAmount, DateTimeOffset PaidAt) : IEvent
{
    // A run is paid once.
    string IEvent.EventId => RunId;
}
