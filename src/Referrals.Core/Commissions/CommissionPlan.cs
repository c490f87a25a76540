using Referrals.Core.Validation;

namespace Referrals.Core.Commissions;

/// <summary>
/// A program's commission rule. <see cref="Percent"/> is set for <see cref="CommissionPlanKind.Percent"/>
/// (e.g. 20 or 12.5), <see cref="Amount"/> in minor units for <see cref="CommissionPlanKind.Flat"/>.
/// </summary>
public sealed record CommissionPlan(CommissionPlanKind Kind, decimal? Percent = null, long? Amount = null)
{
    public static CommissionPlan OfPercent(decimal percent) => new(CommissionPlanKind.Percent, Percent: percent);

    public static CommissionPlan OfFlat(long amount) => new(CommissionPlanKind.Flat, Amount: amount);

    /// <summary>Adds every problem with this plan to <paramref name="errors"/> under <paramref name="field"/>.</summary>
    public void Validate(ValidationErrors errors, string field)
    {
        ArgumentNullException.ThrowIfNull(errors);
        switch (Kind)
        {
            case CommissionPlanKind.Percent when Percent is not { } percent:
                errors.Add(field + ".percent", "A percent plan needs 'percent' (for example 20).");
                break;
            case CommissionPlanKind.Percent when Percent is <= 0 or > 100:
                errors.Add(field + ".percent", "'percent' must be greater than 0 and at most 100.");
                break;
            case CommissionPlanKind.Percent when decimal.Round(Percent!.Value, 4) != Percent:
                errors.Add(field + ".percent", "'percent' may have at most 4 decimal places.");
                break;
            case CommissionPlanKind.Flat when Amount is not { } amount:
                errors.Add(field + ".amount", "A flat plan needs 'amount' in minor units (for example 500 for 5.00).");
                break;
            case CommissionPlanKind.Flat when Amount is <= 0 or > Money.MaxAmount:
                errors.Add(field + ".amount", $"'amount' must be between 1 and {Money.MaxAmount} minor units.");
                break;
            case CommissionPlanKind.Percent or CommissionPlanKind.Flat:
                break;
            default:
                errors.Add(field + ".kind", "'kind' must be 'percent' or 'flat'.");
                break;
        }
    }

    /// <summary>The rule in a partner's words, e.g. "20% of every sale".</summary>
    public string Describe(string currency) => Kind switch
    {
        CommissionPlanKind.Percent => $"{Percent}% of every sale",
        CommissionPlanKind.Flat => $"{new Money(Amount ?? 0, currency)} per sale",
        _ => Kind.ToString(),
    };
}
