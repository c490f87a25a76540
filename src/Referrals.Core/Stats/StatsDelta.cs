namespace Referrals.Core.Stats;

/// <summary>What one event adds to a partner's counters for one day. Money in the program's minor units.</summary>
public sealed record StatsDelta(
    DateOnly Day,
    long Clicks = 0,
    long UniqueClicks = 0,
    long BotClicks = 0,
    long Leads = 0,
    long Sales = 0,
    long Revenue = 0,
    long Earnings = 0);
