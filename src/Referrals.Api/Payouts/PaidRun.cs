using Referrals.Core.Payouts;

namespace Referrals.Api.Payouts;

/// <summary>A run as its exports read it: the run, its program's name and its paid lines with their partners (none unless the run is paid).</summary>
public sealed record PaidRun(PayoutRun Run, string ProgramName, IReadOnlyList<PaidPartnerLine> Lines)
{
    public bool IsPaid => Run.State == PayoutRunState.Paid;

    /// <summary>When the run was paid: the time of its move to <see cref="PayoutRunState.Paid"/>.</summary>
    public DateTimeOffset PaidAt => Run.Timeline.LastOrDefault(step => step.To == PayoutRunState.Paid)?.At ?? Run.CreatedAt;
}
