namespace Referrals.Core.Stats;

/// <summary>A partner's counters for one UTC day.</summary>
public sealed record DailyStats(
    DateOnly Day,
    long Clicks,
    long UniqueClicks,
    long BotClicks,
    long Leads,
    long Sales,
    long Revenue,
    long Earnings);
