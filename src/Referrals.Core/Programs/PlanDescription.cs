using Referrals.Core.Commissions;
using Referrals.Core.Payouts;

namespace Referrals.Core.Programs;

/// <summary>
/// A program's rules in a partner's words, one sentence per rule: what a sale, a renewal and a lead
/// earn, the overrides, the tiers, the second tier, and when and how money is paid. The partner portal
/// shows them so a partner can work out what they must sell to earn what they want.
/// </summary>
public static class PlanDescription
{
    /// <summary>
    /// When the tiers of the plan in force <paramref name="now"/> are not those the current
    /// <paramref name="period"/> settles by (<paramref name="atPeriodStart"/>, the plan in force when it
    /// began), the sentence that says so, else null: a tier change reaches the next period, and a partner
    /// reading the new table must not expect it this month.
    /// </summary>
    public static string? PendingTiers(ReferralProgram program, CommissionPlan now, CommissionPlan atPeriodStart, PayoutPeriod period)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(now);
        ArgumentNullException.ThrowIfNull(atPeriodStart);
        var current = atPeriodStart.Tiers is { Count: > 1 } before ? before : [];
        var next = now.Tiers is { Count: > 1 } after ? after : [];
        if (current.SequenceEqual(next))
        {
            return null;
        }

        var unit = Unit(program.Payouts.Schedule).Unit;
        var from = PayoutPeriod.Containing(period.End, program.Payouts.Schedule, program.Payouts.Zone).Key;
        return (current.Count, next.Count) switch
        {
            (0, _) => $"The tiers apply from {from}: this {unit} ({period.Key}) began before they were set, so it earns no tier.",
            (_, 0) => $"This {unit} ({period.Key}) still closes by the tiers in force when it began: {Steps(current, program.Currency)}; from {from} there are none.",
            _ => $"The tiers above apply from {from}; this {unit} ({period.Key}) closes by the tiers in force when it began: {Steps(current, program.Currency)}.",
        };
    }

    public static IReadOnlyList<string> Describe(ReferralProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var plan = program.Plan;
        var currency = program.Currency;
        var sentences = new List<string>();
        if (plan.Kind == CommissionPlanKind.Lead)
        {
            sentences.Add($"You earn {Amount(plan.Amount, currency)} for every qualified lead.");
        }
        else
        {
            var rate = plan.Kind == CommissionPlanKind.Percent ? $"{CommissionPlan.Format(plan.Percent)}% of every payment" : $"{Amount(plan.Amount, currency)} for every sale";
            sentences.Add(plan.RecurringMonths switch
            {
                null => $"You earn {rate}, renewals included, for as long as the customer pays.",
                0 => $"You earn {rate}; renewals earn nothing.",
                1 => $"You earn {rate}, renewals included, for 1 month after the customer's first purchase.",
                { } months => $"You earn {rate}, renewals included, for {months} months after the customer's first purchase.",
            });
            if (plan.LeadAmount is { } lead)
            {
                sentences.Add($"You also earn {Amount(lead, currency)} for every qualified lead.");
            }
        }

        foreach (var rule in plan.Overrides ?? [])
        {
            var what = rule.Percent is { } percent ? $"{CommissionPlan.Format(percent)}%" : $"{Amount(rule.Amount, currency)} per sale";
            sentences.Add(rule.ProductId is null ? $"Products in the '{rule.Category}' category earn {what} instead." : $"Product '{rule.ProductId}' earns {what} instead.");
        }

        if (plan.Tiers is { Count: > 1 } tiers)
        {
            var (span, unit) = Unit(program.Payouts.Schedule);
            sentences.Add($"Your rate grows with your results in {span}: {Steps(tiers, currency)}; when the {unit} closes, the {unit}'s sales earn the rate you reached.");
        }

        if (plan.SecondTierPercent is { } share)
        {
            sentences.Add($"You earn {CommissionPlan.Format(share)}% of the commissions of partners you bring to the program.");
        }

        var payouts = program.Payouts;
        sentences.Add($"A click counts for {Days(program.CookieDays)}: a purchase within that time is yours.");
        sentences.Add(payouts.HoldDays == 0
            ? "Commissions can be paid as soon as they are earned."
            : $"Commissions are held for {Days(payouts.HoldDays)} (the refund window) before they can be paid.");
        var schedule = payouts.Schedule == Payouts.PayoutSchedule.Weekly ? "weekly" : "monthly";
        sentences.Add(payouts.MinimumPayout > 0
            ? $"Payouts are {schedule}; a balance under {Amount(payouts.MinimumPayout, currency)} carries over to the next payout."
            : $"Payouts are {schedule}.");
        return sentences;
    }

    private static string Amount(long? minorUnits, string currency) => new Money(minorUnits ?? 0, currency).ToString();

    private static string Days(int days) => days == 1 ? "1 day" : $"{days} days";

    private static (string Span, string Unit) Unit(PayoutSchedule schedule) =>
        schedule == PayoutSchedule.Weekly ? ("a week (Monday to Sunday)", "week") : ("a calendar month", "month");

    private static string Steps(IReadOnlyList<CommissionTier> tiers, string currency) =>
        string.Join(" → ", tiers.Select((tier, i) => i == 0 && tier.Threshold() == 0
            ? $"{CommissionPlan.Format(tier.Percent)}%"
            : $"{CommissionPlan.Format(tier.Percent)}% from {(tier.FromSales is { } sales ? $"{sales} sales" : Amount(tier.Threshold(), currency))}"));
}
