using Referrals.Core.Commissions;
using Referrals.Core.Groups;
using Referrals.Core.Links;
using Referrals.Core.Payouts;
using Referrals.Core.Programs;
using Referrals.Core.Stats;

namespace Referrals.Core.Partners;

/// <summary>
/// Reads a partner's portal through the same ports the API reads: the partner's own ledger partition,
/// day counters, link index and the program's payout runs, never another partner's rows.
/// </summary>
public sealed class ReadPartnerPortal(
    IPartnerStore partners,
    IProgramStore programs,
    IStatsStore stats,
    IPartnerLinkIndex links,
    ICommissionStore commissions,
    IPayoutRunStore runs,
    ResolvePlan? plans = null,
    TimeProvider? time = null)
{
    /// <summary>The portal of <paramref name="partnerId"/> with stats from <paramref name="from"/> to <paramref name="to"/>, or null when there is no such partner.</summary>
    public async Task<PartnerPortal?> ExecuteAsync(string partnerId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        if (await partners.GetAsync(partnerId, cancellationToken) is not { } partner
            || await programs.GetAsync(partner.ProgramId, cancellationToken) is not { } program)
        {
            return null;
        }

        var days = await stats.GetAsync(partner.Id, from, to, cancellationToken);
        var payouts = new List<(PayoutRun, PayoutLine)>();
        foreach (var run in (await runs.ListAsync(program.Id, cancellationToken)).OrderByDescending(run => run.PeriodEnd))
        {
            if (await runs.GetLineAsync(run.Id, partner.Id, cancellationToken) is { } line)
            {
                payouts.Add((run, line));
            }
        }

        return new PartnerPortal(
            partner,
            program,
            PartnerStatsReport.Build(partner.Id, program.Currency, from, to, days),
            await links.ListLinksAsync(partner.Id, cancellationToken),
            await links.ListCodesAsync(partner.Id, cancellationToken),
            await commissions.ListAsync(program.Id, partner.Id, status: null, cancellationToken),
            payouts,
            await RulesAsync(program, partner.Id, cancellationToken));
    }

    /// <summary>
    /// The rules of the plan the partner earns under now (their own, their group's or the program's latest
    /// version), named when it is not the program's first plan, so the portal never shows a plan that no longer applies.
    /// When its tiers are not yet those of the current period (they changed during it), a last sentence says so.
    /// </summary>
    private async Task<IReadOnlyList<string>> RulesAsync(ReferralProgram program, string partnerId, CancellationToken cancellationToken)
    {
        if (plans is null)
        {
            return PlanDescription.Describe(program);
        }

        var now = (time ?? TimeProvider.System).GetUtcNow();
        var history = await plans.HistoryAsync(program, partnerId, cancellationToken);
        var inForce = history(now);
        var rules = PlanDescription.Describe(program with { Plan = inForce.Plan });
        var period = PayoutPeriod.Containing(now, program.Payouts.Schedule, program.Payouts.Zone);
        var atStart = history(period.Start);
        if (PlanDescription.PendingTiers(program, inForce.Plan, atStart.Plan, period) is { } pending)
        {
            rules = [.. rules, pending];
        }

        return inForce.IsNamed ? [$"You earn under {inForce.Describe()}.", .. rules] : rules;
    }
}
