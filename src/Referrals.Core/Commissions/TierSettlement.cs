using Referrals.Core.Payouts;

namespace Referrals.Core.Commissions;

/// <summary>
/// The tier lines a partner is owed when a period closes: the period's own line (<see cref="TierClose"/>),
/// and for every earlier period whose results changed after it closed (a refund, chargeback, reinstated
/// dispute or approved review recorded later), a correction booked in the closing period. Paid periods
/// are never rewritten: the correction moves the difference forward. Pure.
/// </summary>
/// <remarks>
/// An entry counts in the period its sale was earned in: a reversal in the period of the commission it
/// <see cref="Commission.Adjusts"/>. A period's tier money is what <see cref="TierClose.Owed"/> says over
/// its entries as they are now, minus the tier lines already booked for it (their
/// <see cref="Commission.ConversionId"/> is <c>tier-{period}</c>). So, once every late event has been
/// followed by a close, the tier lines of a period add up to exactly its tier's rate of its final base,
/// whatever order the events came in.
/// </remarks>
public static class TierSettlement
{
    /// <summary>The correction of <paramref name="correctedPeriod"/> booked when <paramref name="closingPeriod"/> closes: one per pair, so a second close changes nothing.</summary>
    public static string CorrectionIdFor(string programId, string partnerId, string correctedPeriod, string closingPeriod) =>
        Identifiers.Stable("cm", "tier", programId, partnerId, correctedPeriod, closingPeriod);

    /// <summary>The period a tier line is for (<c>tier-2025-03</c> gives <c>2025-03</c>), or null for any other entry.</summary>
    public static string? PeriodOf(Commission line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.Rule == CommissionPlanKind.Tier && line.ConversionId.StartsWith("tier-", StringComparison.Ordinal) ? line.ConversionId["tier-".Length..] : null;
    }

    /// <summary>
    /// The lines owed to <paramref name="partnerId"/> when <paramref name="closing"/> closes, dated
    /// <paramref name="at"/>, computed from the partner's whole <paramref name="ledger"/> in the program.
    /// Lines whose id is stored already are kept as stored by the caller (insert-if-absent).
    /// </summary>
    public static IReadOnlyList<Commission> Decide(
        string programId,
        string partnerId,
        PayoutPeriod closing,
        IReadOnlyCollection<Commission> ledger,
        Func<DateTimeOffset, PayoutPeriod> periodOf,
        IReadOnlyList<CommissionTier> tiers,
        string currency,
        int planVersion,
        DateTimeOffset at)
    {
        var terms = new TierTerms(tiers, planVersion);
        return Decide(programId, partnerId, closing, ledger, periodOf, _ => terms, currency, at);
    }

    /// <summary>
    /// As above, with each period settled by its own <paramref name="termsOf"/> (the tiers of the plan in
    /// force when that period began): a correction of an earlier period keeps that period's tiers, whatever
    /// the plan is now.
    /// </summary>
    public static IReadOnlyList<Commission> Decide(
        string programId,
        string partnerId,
        PayoutPeriod closing,
        IReadOnlyCollection<Commission> ledger,
        Func<DateTimeOffset, PayoutPeriod> periodOf,
        Func<PayoutPeriod, TierTerms> termsOf,
        string currency,
        DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(termsOf);
        var mine = ledger.Where(commission => commission.PartnerId == partnerId).ToArray();
        var periods = ByEarningPeriod(mine, periodOf);
        var lines = new List<Commission>();
        if (periods.TryGetValue(closing.Key, out var own)
            && termsOf(closing) is { HasTiers: true } closingTerms
            && TierClose.Decide(programId, partnerId, closing.Key, own.Entries, closingTerms.Tiers, currency, closingTerms.PlanVersion, at) is { } line)
        {
            lines.Add(line with { Explanation = closingTerms.Explain(line.Explanation, closing.Key) });
        }

        foreach (var (period, entries) in periods.Values.Where(group => group.Period.Start < closing.Start).OrderBy(group => group.Period.Start))
        {
            var id = CorrectionIdFor(programId, partnerId, period.Key, closing.Key);
            var booked = mine.Where(commission => commission.Id != id && PeriodOf(commission) == period.Key).Sum(commission => commission.Amount.Amount);
            var terms = termsOf(period);
            var owed = terms.HasTiers ? TierClose.Owed(partnerId, entries, terms.Tiers, currency) : null;
            var change = (owed?.Extra.Amount ?? 0) - booked;
            if (change != 0)
            {
                var correction = Correction(id, programId, partnerId, period.Key, closing.Key, owed, booked, change, currency, terms.PlanVersion, at);
                lines.Add(correction with { Explanation = terms.Explain(correction.Explanation, period.Key) });
            }
        }

        return lines;
    }

    /// <summary>The entries of the partner's sales earned in the period named <paramref name="periodKey"/>, with their reversals whenever those were recorded.</summary>
    public static IReadOnlyList<Commission> EarnedIn(IReadOnlyCollection<Commission> partnerLedger, Func<DateTimeOffset, PayoutPeriod> periodOf, string periodKey) =>
        ByEarningPeriod(partnerLedger, periodOf).TryGetValue(periodKey, out var group) ? group.Entries : [];

    private static Dictionary<string, (PayoutPeriod Period, List<Commission> Entries)> ByEarningPeriod(IReadOnlyCollection<Commission> mine, Func<DateTimeOffset, PayoutPeriod> periodOf)
    {
        ArgumentNullException.ThrowIfNull(mine);
        ArgumentNullException.ThrowIfNull(periodOf);
        var byId = mine.ToDictionary(commission => commission.Id, StringComparer.Ordinal);
        var periods = new Dictionary<string, (PayoutPeriod Period, List<Commission> Entries)>(StringComparer.Ordinal);
        foreach (var entry in mine)
        {
            if (entry.Rule is not (CommissionPlanKind.Percent or CommissionPlanKind.Flat))
            {
                continue;
            }

            // A reversal of a commission that does not count (flagged or refused) does not count either.
            var origin = entry.Adjusts is { } adjusted && byId.TryGetValue(adjusted, out var original) ? original : entry;
            if (origin.Status is CommissionStatus.Flagged or CommissionStatus.Rejected)
            {
                continue;
            }

            var period = periodOf(origin.CreatedAt);
            if (!periods.TryGetValue(period.Key, out var group))
            {
                group = (period, []);
                periods.Add(period.Key, group);
            }

            group.Entries.Add(entry);
        }

        return periods;
    }

    private static Commission Correction(string id, string programId, string partnerId, string period, string closing, TierOwed? owed, long booked, long change, string currency, int planVersion, DateTimeOffset at)
    {
        var reached = owed is null
            ? "reach no tier"
            : owed.ByRevenue
                ? $"are {new Money(owed.Measure, currency)} in sales, the {CommissionPlan.Format(owed.Tier.Percent)}% tier"
                : $"are {owed.Measure} sales, the {CommissionPlan.Format(owed.Tier.Percent)}% tier";
        var due = owed?.Extra ?? Money.Zero(currency);
        var sign = change > 0 ? "+" : "-";
        return new Commission(
            id,
            programId,
            partnerId,
            "tier-" + period,
            CommissionStatus.Pending,
            new Money(change, currency),
            owed?.LiftedBase ?? Money.Zero(currency),
            CommissionPlanKind.Tier,
            owed?.Tier.Percent,
            $"Tier correction for {period}, booked in {closing}: events recorded after {period} closed changed its results, which now {reached}; the tier is worth {due} on top of its commissions, {new Money(booked, currency)} was booked before, so {sign}{new Money(Math.Abs(change), currency)}.",
            at,
            PlanVersion: planVersion);
    }
}
