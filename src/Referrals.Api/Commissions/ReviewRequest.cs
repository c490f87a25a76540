using Referrals.Core.Commissions;

namespace Referrals.Api.Commissions;

/// <summary>A manager's decision on a flagged commission, with the reason kept beside it.</summary>
public sealed record ReviewRequest(ReviewDecision? Decision, string? Reason);
