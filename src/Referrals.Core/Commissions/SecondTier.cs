namespace Referrals.Core.Commissions;

/// <summary>
/// The second tier: the partner who introduced the earning partner earns a share of each commission
/// the introduced partner earns, as a commission of its own. Pure.
/// </summary>
/// <remarks>
/// The introducer's commission is for the same conversion and payment, so a refund or chargeback
/// reverses it pro rata exactly as it reverses the commission it was taken from
/// (<see cref="CommissionReversal"/>): both are the same share of the same payment.
/// </remarks>
public static class SecondTier
{
    /// <summary>The id of the introducer's commission (or adjustment entry) derived from the introduced partner's one.</summary>
    public static string IdFor(string commissionId) => Identifiers.Stable("cm", "second-tier", commissionId);

    /// <summary>
    /// The introducer's commission: <paramref name="percent"/> of <paramref name="earned"/>, rounded half
    /// away from zero; null when it rounds to nothing.
    /// </summary>
    public static Commission? Decide(Commission earned, string introducerId, string introducedName, decimal percent)
    {
        ArgumentNullException.ThrowIfNull(earned);
        ArgumentException.ThrowIfNullOrWhiteSpace(introducerId);
        var amount = earned.Amount.Percent(percent);
        if (amount.Amount == 0)
        {
            return null;
        }

        return earned with
        {
            Id = IdFor(earned.Id),
            PartnerId = introducerId,
            Amount = amount,
            Base = earned.Amount,
            Rule = CommissionPlanKind.SecondTier,
            Rate = percent,
            Explanation = $"{CommissionPlan.Format(percent)}% of the {earned.Amount} commission earned by {introducedName}, a partner you introduced = {amount}.",
            Adjusts = null,
            Refunded = 0,
            ChargedBack = 0,
            Reversed = 0,
        };
    }

    /// <summary>The introducer's side of an adjustment of the introduced partner's commission: the same pro rata reversal, under the second-tier ids.</summary>
    public static CommissionAdjustment Adjust(Commission secondTier, Conversions.Conversion payment, Conversions.Conversion adjustment, DateTimeOffset now)
    {
        var decided = CommissionReversal.Decide(secondTier, payment, adjustment, now);
        return decided with { Entry = decided.Entry with { Id = IdFor(Commission.IdFor(adjustment.Id)) } };
    }
}
