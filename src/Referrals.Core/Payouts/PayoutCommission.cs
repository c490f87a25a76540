using Referrals.Core.Commissions;

namespace Referrals.Core.Payouts;

/// <summary>
/// What a payout run needs to know of a commission entry: whose it is, how much (negative for a
/// reversal), when it was earned, its status and when a run approved it.
/// </summary>
public sealed record PayoutCommission(
    string Id,
    string ProgramId,
    string PartnerId,
    long Amount,
    string Currency,
    DateTimeOffset CreatedAt,
    CommissionStatus Status,
    DateTimeOffset? ApprovedAt = null);
