using System.Globalization;
using Referrals.Core.Programs;

namespace Referrals.Core.Commissions;

/// <summary>
/// Closes a period's tiers for a program: for every partner with commissions in the period (the month,
/// UTC, in which they were earned), stores the <see cref="TierClose"/> adjustment line if one is owed.
/// Idempotent per partner and period: a line already stored is kept as it is.
/// </summary>
public sealed class CloseTiers(IProgramStore programs, ICommissionStore commissions, TimeProvider time)
{
    /// <summary>The lines of the period (new or stored before), or null when the program does not exist.</summary>
    public async Task<IReadOnlyList<Commission>?> RunAsync(string programId, DateOnly period, CancellationToken cancellationToken)
    {
        if (await programs.GetAsync(programId, cancellationToken) is not { } program)
        {
            return null;
        }

        if (program.Plan.Tiers is not { Count: > 0 } tiers)
        {
            return [];
        }

        var month = period.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var all = await commissions.ListAsync(program.Id, null, null, cancellationToken);
        var lines = new List<Commission>();
        foreach (var partner in all
                     .Where(commission => commission.CreatedAt.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture) == month)
                     .GroupBy(commission => commission.PartnerId, StringComparer.Ordinal)
                     .OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            var line = TierClose.Decide(program.Id, partner.Key, month, partner, tiers, program.Currency, program.Plan.Version, time.GetUtcNow());
            if (line is null)
            {
                continue;
            }

            if (await commissions.TryCreateAsync(line, cancellationToken))
            {
                lines.Add(line);
            }
            else if (await commissions.GetAsync(line.PartnerId, line.Id, cancellationToken) is { } stored)
            {
                lines.Add(stored);
            }
        }

        return lines;
    }
}
