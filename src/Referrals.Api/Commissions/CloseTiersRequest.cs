namespace Referrals.Api.Commissions;

/// <summary>The month whose tiers to close, e.g. <c>2025-03</c>.</summary>
public sealed record CloseTiersRequest(string? Period);
