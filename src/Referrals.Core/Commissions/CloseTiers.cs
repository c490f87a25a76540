using Referrals.Core.Groups;
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
/// <remarks>
/// A period's tiers are those of the plan in force for the partner when the period began (its own plan,
/// else its group's, else the program's; see <see cref="PlanInForce"/>). Tiers measure a whole period, so
/// a plan change made during one reaches tiers from the next period on: the results a partner worked
/// towards are never measured against a table published after they started, and a correction of an
/// earlier period keeps that period's tiers.
/// </remarks>
public sealed class CloseTiers(IProgramStore programs, ICommissionStore commissions, ResolvePlan plans, TimeProvider time)
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

        var programPlans = await plans.ForProgramPartnersAsync(program, cancellationToken);
        if (!programPlans.HasTiers)
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
            var moves = programPlans.HasGroups ? await plans.MovesAsync(partner.Key, cancellationToken) : [];
            var owed = TierSettlement.Decide(
                program.Id,
                partner.Key,
                period,
                [.. partner],
                instant => PayoutPeriod.Containing(instant, settings.Schedule, settings.Zone),
                settled => TermsOf(programPlans.For(partner.Key, moves, settled.Start)),
                program.Currency,
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

    /// <summary>The tiers of <paramref name="inForce"/>, naming the plan in the line when its commissions name it.</summary>
    public static TierTerms TermsOf(PlanInForce inForce)
    {
        ArgumentNullException.ThrowIfNull(inForce);
        return new TierTerms(inForce.Plan.Tiers ?? [], inForce.Version, inForce.IsNamed ? inForce.Describe() : null);
    }

    private static bool IsBookedIn(Commission commission, string programId, string closing) =>
        TierSettlement.PeriodOf(commission) is { } period
        && (commission.Id == TierClose.IdFor(programId, commission.PartnerId, closing)
            || (period != closing && commission.Id == TierSettlement.CorrectionIdFor(programId, commission.PartnerId, period, closing)));
}
