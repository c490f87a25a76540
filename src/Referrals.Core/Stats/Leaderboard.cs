using Referrals.Core.Partners;

namespace Referrals.Core.Stats;

/// <summary>A program's partners ranked by revenue and by conversions (sales and leads) for a period, best first.</summary>
public sealed record Leaderboard(DateOnly From, DateOnly To, string Currency, IReadOnlyList<LeaderboardEntry> ByRevenue, IReadOnlyList<LeaderboardEntry> ByConversions)
{
    /// <summary>
    /// Ranks <paramref name="partners"/> by their counters in the period and compares each with its
    /// counters in the previous period. Ties go to the partner whose name sorts first, so the order is stable.
    /// </summary>
    public static Leaderboard Build(
        DateOnly from,
        DateOnly to,
        string currency,
        IEnumerable<(Partner Partner, IReadOnlyList<DailyStats> Current, IReadOnlyList<DailyStats> Previous)> partners)
    {
        ArgumentNullException.ThrowIfNull(partners);
        var entries = partners.Select(row =>
        {
            var clicks = row.Current.Sum(day => day.Clicks);
            var conversions = row.Current.Sum(day => day.Sales + day.Leads);
            var revenue = row.Current.Sum(day => day.Revenue);
            return new LeaderboardEntry(
                row.Partner.Id,
                row.Partner.Name,
                clicks,
                conversions,
                revenue,
                row.Current.Sum(day => day.Earnings),
                clicks == 0 ? 0m : Math.Round((decimal)row.Current.Sum(day => day.Sales) / clicks, 4),
                Trend(revenue, row.Previous.Sum(day => day.Revenue)),
                Trend(conversions, row.Previous.Sum(day => day.Sales + day.Leads)));
        }).ToArray();
        return new Leaderboard(
            from,
            to,
            currency,
            [.. entries.OrderByDescending(entry => entry.Revenue).ThenByDescending(entry => entry.Conversions).ThenBy(entry => entry.Name, StringComparer.Ordinal)],
            [.. entries.OrderByDescending(entry => entry.Conversions).ThenByDescending(entry => entry.Revenue).ThenBy(entry => entry.Name, StringComparer.Ordinal)]);
    }

    /// <summary>The change from <paramref name="previous"/> to <paramref name="current"/> in percent, rounded to one decimal; null without a previous value.</summary>
    public static decimal? Trend(long current, long previous) =>
        previous <= 0 ? null : Math.Round((current - previous) * 100m / previous, 1, MidpointRounding.AwayFromZero);
}
