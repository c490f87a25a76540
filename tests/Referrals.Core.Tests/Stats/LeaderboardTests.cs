using Referrals.Core.Partners;
using Referrals.Core.Stats;

namespace Referrals.Core.Tests.Stats;

public sealed class LeaderboardTests
{
    private static readonly DateOnly Day = new(2025, 3, 10);

    private static Partner Partner(string id, string name) => new(id, "prg_1", name, $"{id}@example.com", PartnerType.Affiliate, PartnerStatus.Active, DateTimeOffset.UnixEpoch);

    private static DailyStats Stats(long sales, long revenue, long leads = 0, long clicks = 10) => new(Day, clicks, clicks, 0, leads, sales, revenue, revenue / 5);

    [Fact]
    public void Partners_are_ranked_best_first_by_revenue_and_by_conversions_with_trends_against_the_previous_period()
    {
        var board = Leaderboard.Build(Day, Day, "EUR",
        [
            (Partner("a", "Ada"), [Stats(sales: 1, revenue: 90_000)], [Stats(sales: 1, revenue: 60_000)]),
            (Partner("b", "Bob"), [Stats(sales: 3, revenue: 30_000, leads: 2)], []),
            (Partner("c", "Cy"), [], [Stats(sales: 1, revenue: 1_000)]),
        ]);

        Assert.Equal(["Ada", "Bob", "Cy"], board.ByRevenue.Select(entry => entry.Name));
        Assert.Equal(["Bob", "Ada", "Cy"], board.ByConversions.Select(entry => entry.Name));
        Assert.Equal(50m, board.ByRevenue[0].RevenueTrend);
        Assert.Null(board.ByRevenue[1].RevenueTrend);
        Assert.Equal(-100m, board.ByRevenue[2].RevenueTrend);
        Assert.Equal(5, board.ByConversions[0].Conversions);
    }

    [Theory]
    [InlineData(150, 100, 50.0)]
    [InlineData(100, 300, -66.7)]
    [InlineData(5, 0, null)]
    public void A_trend_is_the_change_in_percent_or_nothing_without_a_previous_value(long current, long previous, double? expected) =>
        Assert.Equal(expected is null ? null : (decimal)expected.Value, Leaderboard.Trend(current, previous));
}
