namespace Referrals.Core.Commissions;

/// <summary>Finding a commission by id alone and recording a manager's review of a flagged one.</summary>
public interface ICommissionReviewStore
{
    /// <summary>The program's commission with this id, or null.</summary>
    Task<Commission?> FindAsync(string programId, string commissionId, CancellationToken cancellationToken);

    /// <summary>The review recorded on the commission, or null.</summary>
    Task<CommissionReview?> GetReviewAsync(string partnerId, string commissionId, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a flagged commission to the status <paramref name="review"/> decides and records the review,
    /// in one conditional write; a commission that is not flagged is returned unchanged (not applied).
    /// Null when the commission does not exist.
    /// </summary>
    Task<ReviewedCommission?> ReviewAsync(string partnerId, string commissionId, CommissionReview review, CancellationToken cancellationToken);
}
