namespace Referrals.Core.Partners;

/// <summary>Where partners' payout details (encrypted at rest) and the audit of their changes are kept.</summary>
public interface IPayoutDetailsStore
{
    Task<PayoutDetails?> GetAsync(string partnerId, CancellationToken cancellationToken);

    /// <summary>Stores the details and their audit entry together, so no change goes unrecorded.</summary>
    Task SetAsync(string partnerId, PayoutDetails details, PayoutDetailsChange change, CancellationToken cancellationToken);

    /// <summary>The partner's changes, newest first (at most <paramref name="max"/>).</summary>
    Task<IReadOnlyList<PayoutDetailsChange>> ListChangesAsync(string partnerId, int max, CancellationToken cancellationToken);
}
