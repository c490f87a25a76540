using Referrals.Core.Payouts;
using Referrals.Core.Programs;

namespace Referrals.Core.Commissions;

/// <summary>
/// Closes a period's tiers for a program: for every partner, stores the tier lines
/// <see cref="TierSettlement"/> says are owed (the period's own line and corrections of earlier periods).
/// Periods are the program's payout periods, cut in its time zone, and a commission belongs to the period
/// it was earned in. Idempotent per partner and period: a line already stored is kept as it is, so a
/// second close answers the same lines.
/// </summary>
public sealed class CloseTiers(IProgramStore programs, ICommissionStore commissions, TimeProvider time)
{
    /// <summary>Closes the period named <paramref name="periodKey"/> (<c>2025-03</c>, or <c>2025-W11</c> for a weekly program).</summary>
    public async Task<CloseTiersOutcome> RunAsync(string programId, string? periodKey, CancellationToken cancellationToken)
    {
        if (await programs.GetAsync(programId, cancellationToken) is not { } program)
        {
            return new CloseTiersOutcome.ProgramNotFound();
        }

        var settings = program.Payouts;
        if (!PayoutPeriod.TryParse(periodKey, settings.Schedule, settings.Zone, out var period))
        {
            return new CloseTiersOutcome.InvalidPeriod(settings.Schedule);
        }

        if (program.Plan.Tiers is not { Count: > 0 } tiers)
        {
            return new CloseTiersOutcome.Closed(period, []);
        }

        // Lines are dated at the period's last second, so the period's run counts them with the
        // commissions they lift (and a correction is paid in the period that booked it).
        var now = time.GetUtcNow();
        var lastSecond = period.End.AddSeconds(-1);
        var at = now < lastSecond ? now : lastSecond;
        var all = await commissions.ListAsync(program.Id, null, null, cancellationToken);
        var lines = new List<Commission>();
        foreach (var partner in all.GroupBy(commission => commission.PartnerId, StringComparer.Ordinal).OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            var owed = TierSettlement.Decide(
                program.Id,
                partner.Key,
                period,
                [.. partner],
                instant => PayoutPeriod.Containing(instant, settings.Schedule, settings.Zone),
                tiers,
                program.Currency,
                program.Plan.Version,
                at);
            foreach (var line in owed)
            {
                if (await commissions.TryCreateAsync(line, cancellationToken))
                {
                    lines.Add(line);
                }
                else if (await commissions.GetAsync(line.PartnerId, line.Id, cancellationToken) is { } stored)
                {
                    lines.Add(stored);
                }
            }

            // Lines of this close stored before whose amount is no longer owed (nothing changed since) stay
            // part of the answer, so closing again answers the same lines.
            foreach (var stored in partner.Where(commission => IsBookedIn(commission, program.Id, period.Key) && lines.TrueForAll(line => line.Id != commission.Id)))
            {
                lines.Add(stored);
            }
        }

        return new CloseTiersOutcome.Closed(period, lines);
    }

    private static bool IsBookedIn(Commission commission, string programId, string closing) =>
        TierSettlement.PeriodOf(commission) is { } period
        && (commission.Id == TierClose.IdFor(programId, commission.PartnerId, closing)
            || (period != closing && commission.Id == TierSettlement.CorrectionIdFor(programId, commission.PartnerId, period, closing)));
}
