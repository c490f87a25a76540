using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Referrals.Core.Commissions;
using Referrals.Core.Conversions;
using Referrals.Core.ExchangeRates;

namespace Referrals.Core.Tests.ExchangeRates;

/// <summary>Money across currencies with 0, 2 and 3 minor digits: conversion, refunds at the sale's rate, rounding.</summary>
public class CurrencyExchangePropertyTests
{
    private static readonly string[] Currencies = ["EUR", "USD", "JPY", "KWD"];
    private static readonly DateOnly SaleDay = new(2026, 3, 14);

    /// <summary>A reported currency and a different program currency.</summary>
    private static Gen<(string Reported, string Program)> Pairs() =>
        Gen.Zip(Gen.Elements(Currencies), Gen.Elements(Currencies)).Where(pair => pair.Item1 != pair.Item2);

    /// <summary>Rates from 0.0001 to 9999, with six significant digits as derived rates have.</summary>
    private static Gen<decimal> Rates() =>
        Gen.Zip(Gen.Choose(100_000, 999_999), Gen.Choose(-9, -1))
            .Select(pair => ExchangeRate.RoundSignificant(pair.Item1 * Pow10(pair.Item2)));

    private static decimal Pow10(int exponent)
    {
        var value = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            value = exponent > 0 ? value * 10 : value / 10;
        }

        return value;
    }

    private static Conversion Sale(string reported, string program, long amount, decimal rate) =>
        (Sample.Conversion(amount: amount, eventId: "pay_1") with { Amount = new Money(amount, reported), PaymentReference = "pi_1" })
            .ConvertedBy(new CurrencyExchange(new Money(amount, reported), rate, SaleDay, ReferenceRates.Ecb, SaleDay), program);

    private static Conversion Refund(Conversion sale, long amount, string eventId, decimal rate) =>
        (Sample.Conversion(type: ConversionType.Refund, amount: amount, eventId: eventId) with { Amount = new Money(amount, sale.Reported.Currency), OriginalPaymentReference = "pi_1" })
            .ConvertedBy(new CurrencyExchange(new Money(amount, sale.Reported.Currency), rate, SaleDay.AddDays(20), ReferenceRates.Ecb, SaleDay.AddDays(20)), sale.Amount.Currency);

    private static Commission Earned(Conversion sale, decimal percent)
    {
        var quote = CommissionCalculator.Calculate(CommissionPlan.OfPercent(percent), sale)!;
        return new Commission(Commission.IdFor(sale.Id), Sample.ProgramId, Sample.PartnerId, sale.Id, CommissionStatus.Pending, quote.Amount, quote.Base, quote.Rule, quote.Rate, quote.Explanation, Sample.Now);
    }

    [Property(MaxTest = 300)]
    public Property Converting_there_and_back_loses_no_more_than_the_rounding() =>
        Prop.ForAll(Pairs().ToArbitrary(), Rates().ToArbitrary(), Gen.Choose(1, 1_000_000_000).ToArbitrary(), (pair, rate, amount) =>
        {
            var back = ExchangeRate.RoundSignificant(1 / rate);
            var there = ExchangeRate.Convert(new Money(amount, pair.Reported), pair.Program, rate);
            var again = ExchangeRate.Convert(there, pair.Reported, back);

            // One half minor unit lost each way (the second one scaled by the back rate), plus the rates' own six-digit rounding.
            var scale = Pow10(Currency.MinorDigits(pair.Reported) - Currency.MinorDigits(pair.Program));
            var bound = (0.5m * back * scale) + 0.5m + (amount * 0.00001m);
            return (Math.Abs(again.Amount - amount) <= bound && there.Currency == pair.Program && again.Currency == pair.Reported)
                .Label($"{amount} {pair.Reported} → {there} → {again} (rates {rate}, {back}; bound {bound})");
        });

    [Property(MaxTest = 300)]
    public Property A_full_refund_at_any_later_rate_nets_the_commission_to_exactly_zero() =>
        Prop.ForAll(Pairs().ToArbitrary(), Gen.Zip(Rates(), Rates()).ToArbitrary(), Gen.Zip(Gen.Choose(1, 100_000_000), Gen.Choose(1, 100)).ToArbitrary(), (pair, rates, sale) =>
        {
            var payment = Sale(pair.Reported, pair.Program, sale.Item1, rates.Item1);
            var commission = Earned(payment, sale.Item2);
            var refund = Refund(payment, sale.Item1, "rf_1", rates.Item2);

            var entry = CommissionReversal.Decide(commission, payment, refund, Sample.Now).Entry;
            var atSaleRate = refund.ConvertedBy(payment.Exchange! with { Original = refund.Reported }, pair.Program);

            return (commission.Amount.Amount + entry.Amount.Amount == 0
                    && commission.Base.Amount + entry.Base.Amount == 0
                    && atSaleRate.Amount == payment.Amount)
                .Label($"sale {payment.Reported} = {payment.Amount}, commission {commission.Amount}, reversal {entry.Amount} (base {entry.Base}), refund at the sale's rate {atSaleRate.Amount}");
        });

    [Property(MaxTest = 300)]
    public Property Partial_refunds_never_reverse_more_than_the_sale_and_all_of_it_nets_to_zero() =>
        Prop.ForAll(Gen.Zip(Pairs(), Rates()).ToArbitrary(), Gen.Zip(Gen.Choose(1, 10_000_000), Gen.Choose(1, 100)).ToArbitrary(), Gen.Choose(1, 1000).ArrayOf().Where(parts => parts.Length is > 0 and < 12).ToArbitrary(), (drawn, sale, parts) =>
        {
            var (pair, rate) = drawn;
            var payment = Sale(pair.Reported, pair.Program, sale.Item1, rate);
            var commission = Earned(payment, sale.Item2);

            // Split the sale into refunds in the drawn proportions; the last one may overshoot what is left.
            var total = parts.Sum();
            var amounts = parts.Select(part => Math.Max(1, sale.Item1 * part / total)).ToList();
            amounts.Add(Math.Max(1, sale.Item1 - amounts.Sum()));
            long reversed = 0, baseReversed = 0, refunded = 0;
            var current = commission;
            var ok = true;
            for (var i = 0; i < amounts.Count; i++)
            {
                var decided = CommissionReversal.Decide(current, payment, Refund(payment, amounts[i], $"rf_{i}", rate * 1.01m), Sample.Now);
                current = decided.Original;
                reversed -= decided.Entry.Amount.Amount;
                baseReversed -= decided.Entry.Base.Amount;
                refunded += amounts[i];
                ok &= reversed <= commission.Amount.Amount && baseReversed <= commission.Base.Amount && reversed >= 0;
            }

            var fullyRefunded = refunded >= sale.Item1;
            return (ok && (!fullyRefunded || (reversed == commission.Amount.Amount && baseReversed == commission.Base.Amount)))
                .Label($"commission {commission.Amount} (base {commission.Base}), refunds {string.Join(", ", amounts)} of {sale.Item1} reversed {reversed} (base {baseReversed})");
        });
}
