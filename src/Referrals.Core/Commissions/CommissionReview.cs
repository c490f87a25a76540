namespace Referrals.Core.Commissions;

/// <summary>Who decided on a flagged commission, when, how and why.</summary>
public sealed record CommissionReview(ReviewDecision Decision, string Reason, string ReviewedBy, DateTimeOffset ReviewedAt)
{
    /// <summary>
    /// The status a commission in <paramref name="status"/> moves to under this review: pending when
    /// approved, rejected when rejected; null when it is not flagged (only flagged commissions are reviewed).
    /// </summary>
    public CommissionStatus? StatusAfter(CommissionStatus status) => status != CommissionStatus.Flagged
        ? null
        : Decision == ReviewDecision.Approve ? CommissionStatus.Pending : CommissionStatus.Rejected;
}
