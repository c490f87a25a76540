namespace Referrals.Core.Commissions;

/// <summary>A commission after a review was tried: <see cref="Applied"/> is false when it was not flagged (nothing changed).</summary>
public sealed record ReviewedCommission(Commission Commission, CommissionReview? Review, bool Applied);
