namespace Referrals.Core.Tracking;

/// <summary>
/// What one flush stored for one partner, link and day: the clicks made by people, the bot clicks,
/// and the distinct visitor hashes (for unique clicks).
/// </summary>
public sealed record ClickTally(
    string PartnerId,
    string LinkCode,
    DateOnly Day,
    int Clicks,
    int BotClicks,
    IReadOnlyList<string> Visitors);
