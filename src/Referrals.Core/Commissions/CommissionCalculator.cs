using Referrals.Core.Conversions;

namespace Referrals.Core.Commissions;

/// <summary>Applies a commission plan to a conversion. Pure: the same plan and conversion give the same quote.</summary>
public static class CommissionCalculator
{
    /// <summary>The commission for <paramref name="conversion"/>, or null when the plan pays nothing for it (a lead under a per-sale plan).</summary>
    public static CommissionQuote? Calculate(CommissionPlan plan, Conversion conversion)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(conversion);
        if (!conversion.Type.IsPayment())
        {
            return null;
        }

        // Renewals earn under the same plan as sales until plans get a recurring duration (then months 1..N pay).
        var saleBase = conversion.Amount;
        var what = conversion.Type == ConversionType.Renewal ? "renewal" : "sale";
        return plan.Kind switch
        {
            CommissionPlanKind.Percent => Percent(plan.Percent!.Value, saleBase),
            CommissionPlanKind.Flat => new CommissionQuote(
                CommissionPlanKind.Flat,
                null,
                saleBase,
                new Money(plan.Amount!.Value, saleBase.Currency),
                $"Flat {new Money(plan.Amount!.Value, saleBase.Currency)} per sale ({what} of {saleBase})."),
            _ => throw new InvalidOperationException($"Unknown plan kind {plan.Kind}."),
        };
    }

    private static CommissionQuote Percent(decimal percent, Money saleBase)
    {
        var amount = saleBase.Percent(percent);
        return new CommissionQuote(CommissionPlanKind.Percent, percent, saleBase, amount, $"{percent}% of {saleBase} = {amount}.");
    }
}
