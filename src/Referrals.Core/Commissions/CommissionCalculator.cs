using System.Globalization;
using Referrals.Core.Conversions;

namespace Referrals.Core.Commissions;

/// <summary>Applies a commission plan to a conversion. Pure: the same plan, conversion and inputs give the same result.</summary>
/// <remarks>
/// The sale rule is chosen product first, then the product's category, then the plan's own rule. A
/// renewal earns while it falls within <see cref="CommissionPlan.RecurringMonths"/> whole months of the
/// customer's first sale (month 1 is the first renewal, so months 1..N pay and N+1 does not); without a
/// window it earns for the customer's lifetime. When the first sale's date is not known the renewal is
/// counted as within the window, and the explanation says so.
/// </remarks>
public static class CommissionCalculator
{
    /// <summary>The commission for <paramref name="conversion"/>, or null when the plan pays nothing for it.</summary>
    public static CommissionQuote? Calculate(CommissionPlan plan, Conversion conversion) => Decide(plan, conversion, null).Quote;

    /// <summary>
    /// The commission for <paramref name="conversion"/> with its explanation, or none and why.
    /// <paramref name="customerSince"/> is when the customer's first attributed sale happened, if known.
    /// </summary>
    public static CommissionCalculation Decide(CommissionPlan plan, Conversion conversion, DateTimeOffset? customerSince)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(conversion);
        var currency = conversion.Amount.Currency;
        if (conversion.Type == ConversionType.Lead)
        {
            if (plan.LeadEarning() is not { } lead)
            {
                return new CommissionCalculation(null, "The plan pays nothing for a lead.");
            }

            var earned = new Money(lead, currency);
            return Quoted(new CommissionQuote(CommissionPlanKind.Lead, null, conversion.Amount, earned, $"Flat {earned} per qualified lead.", plan.Version));
        }

        if (!conversion.Type.IsPayment())
        {
            return new CommissionCalculation(null, $"A {conversion.Type.ToString().ToLowerInvariant()} earns nothing of its own; it adjusts the commission of the payment it changes.");
        }

        if (plan.Kind == CommissionPlanKind.Lead)
        {
            return new CommissionCalculation(null, "The plan pays per qualified lead, not per sale.");
        }

        var prefix = string.Empty;
        if (conversion.Type == ConversionType.Renewal)
        {
            var (pays, text) = RenewalWindow(plan, conversion.OccurredAt, customerSince);
            if (!pays)
            {
                return new CommissionCalculation(null, text);
            }

            prefix = text + ": ";
        }

        var saleBase = conversion.Amount;
        var exchange = conversion.Exchange is { } converted ? " (" + converted.Describe() + ")" : string.Empty;
        var rule = OverrideFor(plan, conversion.ProductId);
        var source = rule is null ? null : " (" + rule.Source() + ")";
        if ((rule?.Percent ?? (rule is null && plan.Kind == CommissionPlanKind.Percent ? plan.Percent : null)) is { } percent)
        {
            var amount = saleBase.Percent(percent);
            return Quoted(new CommissionQuote(
                CommissionPlanKind.Percent,
                percent,
                saleBase,
                amount,
                $"{prefix}{CommissionPlan.Format(percent)}% of {saleBase}{exchange}{source} = {amount}.",
                plan.Version));
        }

        var flat = new Money(rule?.Amount ?? plan.Amount!.Value, currency);
        var what = conversion.Type == ConversionType.Renewal ? "renewal" : "sale";
        var detail = rule is null ? string.Empty : "; " + rule.Source();
        return Quoted(new CommissionQuote(
            CommissionPlanKind.Flat,
            null,
            saleBase,
            flat,
            $"{prefix}Flat {flat} per sale ({what} of {saleBase}{exchange}{detail}).",
            plan.Version));
    }

    /// <summary>The override that applies to <paramref name="productId"/>: the product's own, else its category's, else none.</summary>
    public static CommissionOverride? OverrideFor(CommissionPlan plan, string? productId)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (productId is null || plan.Overrides is not { Count: > 0 } overrides)
        {
            return null;
        }

        var byProduct = overrides.FirstOrDefault(rule => string.Equals(rule.ProductId, productId, StringComparison.Ordinal));
        if (byProduct is not null)
        {
            return byProduct;
        }

        return plan.ProductCategories is not null && plan.ProductCategories.TryGetValue(productId, out var category)
            ? overrides.FirstOrDefault(rule => rule.ProductId is null && string.Equals(rule.Category, category, StringComparison.Ordinal))
            : null;
    }

    /// <summary>
    /// The renewal's month after the customer's first sale: whole months elapsed, at least 1, so a
    /// monthly subscription's first renewal is month 1.
    /// </summary>
    public static int RenewalMonth(DateTimeOffset customerSince, DateTimeOffset renewal)
    {
        var since = customerSince.UtcDateTime;
        var at = renewal.UtcDateTime;
        var months = ((at.Year - since.Year) * 12) + at.Month - since.Month;
        if (months > 0 && since.AddMonths(months) > at)
        {
            months--;
        }

        return Math.Max(months, 1);
    }

    private static (bool Pays, string Text) RenewalWindow(CommissionPlan plan, DateTimeOffset renewal, DateTimeOffset? customerSince)
    {
        if (plan.RecurringMonths is not { } window)
        {
            return (true, "Renewal (the plan pays renewals for the customer's lifetime)");
        }

        if (window == 0)
        {
            return (false, "The plan pays for the first sale only, not for renewals, so this renewal earns nothing.");
        }

        if (customerSince is not { } since)
        {
            return (true, $"Renewal (the customer's first sale is not known, so it counts as within the plan's {Months(window)})");
        }

        var month = RenewalMonth(since, renewal);
        var first = since.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return month <= window
            ? (true, $"Renewal in month {month} of the {Months(window)} the plan pays after the first sale on {first}")
            : (false, $"Renewal in month {month} after the customer's first sale on {first}; the plan pays renewals for {Months(window)} only, so this one earns nothing.");
    }

    private static string Months(int count) => count == 1 ? "1 month" : $"{count} months";

    private static CommissionCalculation Quoted(CommissionQuote quote) => new(quote, quote.Explanation);
}
