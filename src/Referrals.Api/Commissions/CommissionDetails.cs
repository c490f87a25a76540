using Referrals.Core.Commissions;

namespace Referrals.Api.Commissions;

/// <summary>A commission explained: how it was computed, why it went to this partner, and any review.</summary>
public sealed record CommissionDetails(
    CommissionResponse Commission,
    string? AttributionMethod,
    string? AttributionReason,
    string? Flag,
    CommissionReview? Review);
