using System.Globalization;
using Referrals.Core.Validation;

namespace Referrals.Core.Commissions;

/// <summary>
/// A program's commission rules. The sale rule is <see cref="Kind"/>: <see cref="Percent"/> of the net
/// (e.g. 20 or 12.5), or a flat <see cref="Amount"/> in minor units per sale; a <see cref="CommissionPlanKind.Lead"/>
/// plan pays <see cref="Amount"/> per qualified lead and nothing per sale. Any plan may add a lead rule
/// (<see cref="LeadAmount"/>), product and category <see cref="Overrides"/> of the sale rule (with
/// <see cref="ProductCategories"/> saying which category a product is in), a renewal window
/// (<see cref="RecurringMonths"/> after the customer's first sale, or <see cref="Recurring"/> for the
/// customer's lifetime, the default) and a <see cref="SecondTierPercent"/> for the partner who introduced
/// the earning one, and <see cref="Tiers"/>: higher percent rates earned by a partner's results in a period,
/// paid as one adjustment line when the period closes (<see cref="TierClose"/>). <see cref="Version"/> grows by one whenever the plan changes; each commission keeps
/// the version it was earned under.
/// </summary>
public sealed record CommissionPlan(
    CommissionPlanKind Kind,
    decimal? Percent = null,
    long? Amount = null,
    long? LeadAmount = null,
    IReadOnlyList<CommissionOverride>? Overrides = null,
    IReadOnlyDictionary<string, string>? ProductCategories = null,
    int? RecurringMonths = null,
    CommissionRecurrence? Recurring = null,
    decimal? SecondTierPercent = null,
    IReadOnlyList<CommissionTier>? Tiers = null,
    int Version = 1)
{
    // Small enough that a whole plan fits in one table property (32K characters).
    public const int MaxOverrides = 50;
    public const int MaxProductCategories = 100;
    public const int MaxNameLength = 100;
    public const int MaxTiers = 20;
    public const int MaxRecurringMonths = 1200;

    public static CommissionPlan OfPercent(decimal percent) => new(CommissionPlanKind.Percent, Percent: percent);

    public static CommissionPlan OfFlat(long amount) => new(CommissionPlanKind.Flat, Amount: amount);

    public static CommissionPlan OfLead(long amount) => new(CommissionPlanKind.Lead, Amount: amount);

    /// <summary>What a qualified lead earns, in minor units, or null when leads earn nothing.</summary>
    public long? LeadEarning() => Kind == CommissionPlanKind.Lead ? Amount : LeadAmount;

    /// <summary>Adds every problem with this plan to <paramref name="errors"/> under <paramref name="field"/>.</summary>
    public void Validate(ValidationErrors errors, string field)
    {
        ArgumentNullException.ThrowIfNull(errors);
        switch (Kind)
        {
            case CommissionPlanKind.Percent when Percent is null:
                errors.Add(field + ".percent", "A percent plan needs 'percent' (for example 20).");
                break;
            case CommissionPlanKind.Percent:
                ValidatePercent(errors, field + ".percent", Percent);
                break;
            case CommissionPlanKind.Flat or CommissionPlanKind.Lead when Amount is null:
                errors.Add(field + ".amount", $"A {(Kind == CommissionPlanKind.Flat ? "flat" : "lead")} plan needs 'amount' in minor units (for example 500 for 5.00).");
                break;
            case CommissionPlanKind.Flat or CommissionPlanKind.Lead:
                ValidateAmount(errors, field + ".amount", Amount);
                break;
            default:
                errors.Add(field + ".kind", "'kind' must be 'percent', 'flat' or 'lead'.");
                break;
        }

        if (Kind == CommissionPlanKind.Lead && LeadAmount is not null)
        {
            errors.Add(field + ".leadAmount", "A lead plan gives its lead amount in 'amount'.");
        }

        ValidateAmount(errors, field + ".leadAmount", LeadAmount);
        ValidateOverrides(errors, field + ".overrides");
        ValidateProductCategories(errors, field + ".productCategories");
        if (RecurringMonths is < 0 or > MaxRecurringMonths)
        {
            errors.Add(field + ".recurringMonths", $"'recurringMonths' must be between 0 and {MaxRecurringMonths}.");
        }

        if (RecurringMonths is not null && Recurring is not null)
        {
            errors.Add(field + ".recurring", "Give either 'recurringMonths' or 'recurring': \"lifetime\", not both.");
        }

        if (Recurring is { } recurring && !Enum.IsDefined(recurring))
        {
            errors.Add(field + ".recurring", "'recurring' must be 'lifetime'.");
        }

        ValidatePercent(errors, field + ".secondTierPercent", SecondTierPercent);
        ValidateTiers(errors, field + ".tiers");
        if (Version < 1)
        {
            errors.Add(field + ".version", "'version' starts at 1.");
        }
    }

    /// <summary>The rule in a partner's words, e.g. "20% of every sale; 30% for product 'pro'; renewals for 6 months".</summary>
    public string Describe(string currency)
    {
        var parts = new List<string>
        {
            Kind switch
            {
                CommissionPlanKind.Percent => $"{Format(Percent)}% of every sale",
                CommissionPlanKind.Flat => $"{new Money(Amount ?? 0, currency)} per sale",
                CommissionPlanKind.Lead => $"{new Money(Amount ?? 0, currency)} per qualified lead",
                _ => Kind.ToString(),
            },
        };
        if (LeadAmount is { } lead)
        {
            parts.Add($"{new Money(lead, currency)} per qualified lead");
        }

        foreach (var rule in Overrides ?? [])
        {
            var what = rule.Percent is { } percent ? $"{Format(percent)}%" : $"{new Money(rule.Amount ?? 0, currency)} per sale";
            parts.Add(rule.ProductId is null ? $"{what} in the '{rule.Category}' category" : $"{what} for product '{rule.ProductId}'");
        }

        if (Kind != CommissionPlanKind.Lead)
        {
            parts.Add(RecurringMonths switch
            {
                null => "renewals for the customer's lifetime",
                0 => "no renewals",
                1 => "renewals for 1 month",
                { } months => $"renewals for {months} months",
            });
        }

        foreach (var tier in Tiers ?? [])
        {
            if (tier.Threshold() > 0)
            {
                var from = tier.FromSales is { } sales ? $"{sales} sales" : $"{new Money(tier.Threshold(), currency)} in sales";
                parts.Add($"{Format(tier.Percent)}% from {from} in a month");
            }
        }

        if (SecondTierPercent is { } share)
        {
            parts.Add($"{Format(share)}% of the commissions of partners you introduce");
        }

        return string.Join("; ", parts);
    }

    internal static string Format(decimal? value) => (value ?? 0).ToString("0.####", CultureInfo.InvariantCulture);

    internal static void ValidatePercent(ValidationErrors errors, string field, decimal? percent)
    {
        if (percent is <= 0 or > 100)
        {
            errors.Add(field, $"'{Name(field)}' must be greater than 0 and at most 100.");
        }
        else if (percent is { } value && decimal.Round(value, 4) != value)
        {
            errors.Add(field, $"'{Name(field)}' may have at most 4 decimal places.");
        }
    }

    internal static void ValidateAmount(ValidationErrors errors, string field, long? amount)
    {
        if (amount is <= 0 or > Money.MaxAmount)
        {
            errors.Add(field, $"'{Name(field)}' must be between 1 and {Money.MaxAmount} minor units.");
        }
    }

    private static string Name(string field) => field[(field.LastIndexOf('.') + 1)..];

    private void ValidateOverrides(ValidationErrors errors, string field)
    {
        if (Overrides is null)
        {
            return;
        }

        if (Overrides.Count > MaxOverrides)
        {
            errors.Add(field, $"At most {MaxOverrides} overrides.");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Overrides.Count; i++)
        {
            if (Overrides[i] is not { } rule)
            {
                errors.Add($"{field}[{i}]", "An override may not be null.");
                continue;
            }

            rule.Validate(errors, $"{field}[{i}]");
            var key = rule.ProductId is null ? "category:" + rule.Category : "product:" + rule.ProductId;
            if (!seen.Add(key))
            {
                errors.Add($"{field}[{i}]", $"There is already an override with {(rule.ProductId is null ? "category '" + rule.Category : "product id '" + rule.ProductId)}'.");
            }
        }
    }

    private void ValidateTiers(ValidationErrors errors, string field)
    {
        if (Tiers is null)
        {
            return;
        }

        if (Tiers.Count is 0 or > MaxTiers)
        {
            errors.Add(field, $"Give 1 to {MaxTiers} tiers, or none.");
            return;
        }

        // The first tier may leave out where it starts: from nothing.
        if (Tiers.Select((tier, i) => tier is null || (tier.FromRevenue is not null && tier.FromSales is not null) || (i > 0 && tier.FromRevenue is null && tier.FromSales is null)).Any(wrong => wrong))
        {
            errors.Add(field, "Each tier starts at exactly one of 'fromRevenue' (minor units) or 'fromSales' (a count); the first may start at nothing.");
            return;
        }

        if (Tiers.Any(tier => tier.FromRevenue is not null) && Tiers.Any(tier => tier.FromSales is not null))
        {
            errors.Add(field, "All tiers count the same thing: revenue or sales.");
        }

        for (var i = 0; i < Tiers.Count; i++)
        {
            ValidatePercent(errors, $"{field}[{i}].percent", Tiers[i].Percent);
            if (Tiers[i].Threshold() is < 0 or > Money.MaxAmount || (i > 0 && Tiers[i].Threshold() <= Tiers[i - 1].Threshold()))
            {
                errors.Add($"{field}[{i}]", "Tier thresholds are between 0 and the largest amount, each above the one before.");
            }
        }
    }

    private void ValidateProductCategories(ValidationErrors errors, string field)
    {
        if (ProductCategories is null)
        {
            return;
        }

        if (ProductCategories.Count > MaxProductCategories)
        {
            errors.Add(field, $"At most {MaxProductCategories} products.");
            return;
        }

        foreach (var (product, category) in ProductCategories)
        {
            if (string.IsNullOrWhiteSpace(product) || product.Length > MaxNameLength || string.IsNullOrWhiteSpace(category) || category.Length > MaxNameLength)
            {
                errors.Add(field, "Each product id and category is 1 to 100 characters.");
                break;
            }
        }
    }
}
