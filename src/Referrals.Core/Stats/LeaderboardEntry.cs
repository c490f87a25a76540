namespace Referrals.Core.Stats;

/// <summary>
/// One partner's results in a period, with the change against the period of the same length just
/// before it (<see cref="RevenueTrend"/>, <see cref="ConversionsTrend"/>: percent, null when the
/// previous period had nothing to compare with).
/// </summary>
public sealed record LeaderboardEntry(
    string PartnerId,
    string Name,
    long Clicks,
    long Conversions,
    long Revenue,
    long Earnings,
    decimal ConversionRate,
    decimal? RevenueTrend,
    decimal? ConversionsTrend);
