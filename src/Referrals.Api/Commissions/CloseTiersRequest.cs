namespace Referrals.Api.Commissions;

/// <summary>The period whose tiers to close: a month such as <c>2025-03</c> (a week such as <c>2025-W11</c> for a weekly program).</summary>
public sealed record CloseTiersRequest(string? Period);
