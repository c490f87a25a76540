using Referrals.Core.Partners;
using Referrals.Core.Programs;

namespace Referrals.Core.Stats;

/// <summary>Reads a program's leaderboard from the partners' day counters (never from clicks or conversions).</summary>
public sealed class ReadLeaderboard(IProgramStore programs, IPartnerDirectory partners, IStatsStore stats)
{
    /// <summary>The most partners one leaderboard reads.</summary>
    public const int MaxPartners = 500;

    /// <summary>The leaderboard for <paramref name="from"/> to <paramref name="to"/> (inclusive), or null when the program does not exist.</summary>
    public async Task<Leaderboard?> ExecuteAsync(string programId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        if (await programs.GetAsync(programId, cancellationToken) is not { } program)
        {
            return null;
        }

        var days = to.DayNumber - from.DayNumber + 1;
        var previousFrom = from.AddDays(-days);
        var previousTo = from.AddDays(-1);
        var rows = new List<(Partner, IReadOnlyList<DailyStats>, IReadOnlyList<DailyStats>)>();
        foreach (var partner in await partners.ListAsync(program.Id, MaxPartners, cancellationToken))
        {
            // One range read per partner covers both periods: the counters are one row per day.
            var all = await stats.GetAsync(partner.Id, previousFrom, to, cancellationToken);
            rows.Add((partner, [.. all.Where(day => day.Day >= from)], [.. all.Where(day => day.Day <= previousTo)]));
        }

        return Leaderboard.Build(from, to, program.Currency, rows);
    }
}
