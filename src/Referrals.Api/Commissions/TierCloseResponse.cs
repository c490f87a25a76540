namespace Referrals.Api.Commissions;

/// <summary>The tier adjustment lines of a closed month, one per partner that reached a higher tier.</summary>
public sealed record TierCloseResponse(string Period, IReadOnlyList<CommissionResponse> Lines);
