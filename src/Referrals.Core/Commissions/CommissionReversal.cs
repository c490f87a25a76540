using System.Globalization;
using Referrals.Core.Conversions;

namespace Referrals.Core.Commissions;

/// <summary>
/// Reverses a commission pro rata when its payment is refunded or charged back, and reinstates it when
/// a dispute is won. Pure: the same commission, payment and adjustment give the same result.
/// </summary>
/// <remarks>
/// The commission keeps how much of the payment is refunded and charged back. After every adjustment
/// the reversed total is <c>round(commission × covered / paid)</c>, where covered is the refunded plus
/// charged-back money (never more than was paid), rounded half away from zero; each entry is the change
/// of that total. So any sequence of partial refunds that adds up to the payment reverses exactly the
/// commission, rounding never loses or invents a cent, and no reversal goes beyond the commission.
/// A refund that reports the total refunded so far (Stripe) moves the refunded amount to that total,
/// so its events may arrive in any order.
/// </remarks>
public static class CommissionReversal
{
    public static CommissionAdjustment Decide(Commission commission, Conversion payment, Conversion adjustment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(commission);
        ArgumentNullException.ThrowIfNull(payment);
        ArgumentNullException.ThrowIfNull(adjustment);
        if (!adjustment.Type.IsAdjustment())
        {
            throw new ArgumentException($"A {adjustment.Type} does not adjust a commission.", nameof(adjustment));
        }

        var paid = Math.Max(payment.Paid, 1);
        var amount = adjustment.Amount.Amount;
        var refunded = commission.Refunded;
        var chargedBack = commission.ChargedBack;
        switch (adjustment.Type)
        {
            case ConversionType.Refund:
                refunded = adjustment.RefundedTotal is { } total ? Math.Max(refunded, total) : checked(refunded + amount);
                break;
            case ConversionType.Chargeback:
                chargedBack = checked(chargedBack + amount);
                break;
            default:
                chargedBack = Math.Max(0, chargedBack - amount);
                break;
        }

        var coveredBefore = Math.Min(paid, commission.Refunded + commission.ChargedBack);
        var coveredAfter = Math.Min(paid, refunded + chargedBack);
        var reversed = Share(commission.Amount.Amount, coveredAfter, paid);
        var change = reversed - commission.Reversed;
        var baseChange = Share(commission.Base.Amount, coveredAfter, paid) - Share(commission.Base.Amount, coveredBefore, paid);
        var currency = commission.Amount.Currency;
        var entry = new Commission(
            Commission.IdFor(adjustment.Id),
            commission.ProgramId,
            commission.PartnerId,
            adjustment.Id,
            CommissionStatus.Pending,
            new Money(-change, currency),
            new Money(-baseChange, commission.Base.Currency),
            commission.Rule,
            commission.Rate,
            Explain(commission, payment, adjustment, coveredAfter, paid, reversed, -change),
            now,
            Adjusts: commission.Id,
            PlanVersion: commission.PlanVersion);
        return new CommissionAdjustment(commission with { Refunded = refunded, ChargedBack = chargedBack, Reversed = reversed }, entry);
    }

    /// <summary><paramref name="value"/> × <paramref name="part"/> / <paramref name="whole"/>, rounded half away from zero.</summary>
    public static long Share(long value, long part, long whole)
    {
        if (whole <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(whole), whole, "The whole must be positive.");
        }

        return (long)Math.Round((decimal)value * part / whole, 0, MidpointRounding.AwayFromZero);
    }

    private static string Explain(Commission commission, Conversion payment, Conversion adjustment, long covered, long paid, long reversed, long change)
    {
        var currency = commission.Amount.Currency;
        var paidMoney = new Money(paid, payment.Amount.Currency);
        var what = adjustment.Type switch
        {
            ConversionType.Refund when adjustment.RefundedTotal is { } total => $"Refund: {new Money(total, adjustment.Amount.Currency)} of the {paidMoney} payment is refunded in all",
            ConversionType.Refund => $"Refund of {adjustment.Amount} on the {paidMoney} payment",
            ConversionType.Chargeback => $"Chargeback of {adjustment.Amount} on the {paidMoney} payment",
            _ => $"Dispute won: {adjustment.Amount} of the {paidMoney} payment came back",
        };
        var percent = (100m * covered / paid).ToString("0.##", CultureInfo.InvariantCulture);
        var effect = change switch
        {
            < 0 => $"reverses {new Money(-change, currency)}",
            > 0 => $"reinstates {new Money(change, currency)}",
            _ => "changes nothing",
        };
        return $"{what} ({percent}% of it refunded or disputed now): {effect} of the {commission.Amount} commission, {new Money(reversed, currency)} reversed in total.";
    }
}
