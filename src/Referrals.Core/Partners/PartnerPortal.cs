using Referrals.Core.Commissions;
using Referrals.Core.Links;
using Referrals.Core.Payouts;
using Referrals.Core.Programs;
using Referrals.Core.Stats;

namespace Referrals.Core.Partners;

/// <summary>Everything a partner sees about themselves: links, codes, results, commissions, payouts and the program's rules.</summary>
public sealed record PartnerPortal(
    Partner Partner,
    ReferralProgram Program,
    PartnerStatsReport Stats,
    IReadOnlyList<Link> Links,
    IReadOnlyList<ReferralCode> Codes,
    IReadOnlyList<Commission> Commissions,
    IReadOnlyList<(PayoutRun Run, PayoutLine Line)> Payouts,
    IReadOnlyList<string> Rules)
{
    /// <summary>The partner's commissions summed per status, in the order a partner follows them.</summary>
    public IReadOnlyList<(CommissionStatus Status, int Count, Money Total)> ByStatus =>
        [.. new[] { CommissionStatus.Pending, CommissionStatus.Flagged, CommissionStatus.Approved, CommissionStatus.Paid, CommissionStatus.Rejected }
            .Select(status =>
            {
                var matching = Commissions.Where(commission => commission.Status == status).ToArray();
                return (status, matching.Length, new Money(matching.Sum(commission => commission.Amount.Amount), Program.Currency));
            })];
}
