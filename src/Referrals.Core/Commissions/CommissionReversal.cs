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

        var (amount, refundedTotal, paidUnits, unitCurrency) = Units(payment, adjustment);
        var paid = Math.Max(paidUnits, 1);
        var refunded = commission.Refunded;
        var chargedBack = commission.ChargedBack;
        switch (adjustment.Type)
        {
            case ConversionType.Refund:
                refunded = refundedTotal is { } total ? Math.Max(refunded, total) : checked(refunded + amount);
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
            Explain(commission, adjustment, new Money(amount, unitCurrency), refundedTotal, new Money(paid, unitCurrency), coveredAfter, reversed, -change),
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

    /// <summary>
    /// The adjustment's amount, refunded total and the payment's paid amount in one currency: the reported
    /// one when both were reported in it (so a converted payment's refund is the same share of it whatever
    /// the rates did since), else the program's.
    /// </summary>
    private static (long Amount, long? RefundedTotal, long Paid, string Currency) Units(Conversion payment, Conversion adjustment)
    {
        if (adjustment.Reported.Currency == payment.Reported.Currency)
        {
            return (adjustment.Reported.Amount, adjustment.RefundedTotal, payment.Paid, payment.Reported.Currency);
        }

        return (adjustment.Amount.Amount, adjustment.RefundedTotal is { } total ? InProgramCurrency(adjustment, total) : null, InProgramCurrency(payment, payment.Paid), payment.Amount.Currency);
    }

    private static long InProgramCurrency(Conversion conversion, long reported) =>
        conversion.Exchange is { } exchange ? exchange.Convert(reported, conversion.Amount.Currency).Amount : reported;

    private static string Explain(Commission commission, Conversion adjustment, Money amount, long? refundedTotal, Money paidMoney, long covered, long reversed, long change)
    {
        var currency = commission.Amount.Currency;
        var paid = paidMoney.Amount;
        var rate = adjustment.Exchange is { } exchange ? $" (at {ExchangeRates.ExchangeRate.Format(exchange.Rate)}, {exchange.Source} {exchange.RateDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}: {adjustment.Amount})" : string.Empty;
        var what = adjustment.Type switch
        {
            ConversionType.Refund when refundedTotal is { } total => $"Refund: {new Money(total, paidMoney.Currency)} of the {paidMoney} payment is refunded in all{rate}",
            ConversionType.Refund => $"Refund of {amount}{rate} on the {paidMoney} payment",
            ConversionType.Chargeback => $"Chargeback of {amount}{rate} on the {paidMoney} payment",
            _ => $"Dispute won: {amount}{rate} of the {paidMoney} payment came back",
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
