using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Referrals.Core.Commissions;
using Referrals.Core.Conversions;

namespace Referrals.Core.Tests.Commissions;

public class CommissionReversalTests
{
    private static Conversion Payment(long amount, long? paid = null) =>
        Sample.Conversion(amount: amount, eventId: "pay_1") with { PaymentReference = "pi_1", PaidAmount = paid };

    private static Conversion Adjustment(ConversionType type, long amount, string eventId, long? refundedTotal = null) =>
        Sample.Conversion(type: type, amount: amount, eventId: eventId) with { OriginalPaymentReference = "pi_1", RefundedTotal = refundedTotal };

    private static Commission CommissionFor(Conversion payment, long amount) =>
        new(Commission.IdFor(payment.Id), Sample.ProgramId, Sample.PartnerId, payment.Id, CommissionStatus.Pending,
            new Money(amount, "EUR"), payment.Amount, CommissionPlanKind.Percent, 20m, "20%", Sample.Now);

    /// <summary>Applies the adjustments in order, as the store would, and returns the entries and the final commission.</summary>
    private static (List<Commission> Entries, Commission Final) Apply(Commission commission, Conversion payment, IEnumerable<Conversion> adjustments)
    {
        var entries = new List<Commission>();
        foreach (var adjustment in adjustments)
        {
            var result = CommissionReversal.Decide(commission, payment, adjustment, Sample.Now);
            commission = result.Original;
            entries.Add(result.Entry);
        }

        return (entries, commission);
    }

    [Fact]
    public void Partial_refund_reverses_its_share_of_the_commission_and_explains_it()
    {
        var payment = Payment(10_000);
        var result = CommissionReversal.Decide(CommissionFor(payment, 2_000), payment, Adjustment(ConversionType.Refund, 3_000, "rf_1"), Sample.Now);

        Assert.Equal(-600, result.Entry.Amount.Amount);
        Assert.Equal(-3_000, result.Entry.Base.Amount);
        Assert.Equal(Commission.IdFor(Adjustment(ConversionType.Refund, 3_000, "rf_1").Id), result.Entry.Id);
        Assert.Equal(Commission.IdFor(payment.Id), result.Entry.Adjusts);
        Assert.Equal(CommissionPlanKind.Percent, result.Entry.Rule);
        Assert.Contains("Refund of 30.00 EUR on the 100.00 EUR payment", result.Entry.Explanation, StringComparison.Ordinal);
        Assert.Contains("reverses 6.00 EUR of the 20.00 EUR commission", result.Entry.Explanation, StringComparison.Ordinal);
        Assert.Equal(600, result.Original.Reversed);
    }

    [Fact]
    public void Three_thirds_of_an_odd_commission_net_to_exactly_zero()
    {
        var payment = Payment(3);
        var (entries, final) = Apply(CommissionFor(payment, 1), payment, [Adjustment(ConversionType.Refund, 1, "a"), Adjustment(ConversionType.Refund, 1, "b"), Adjustment(ConversionType.Refund, 1, "c")]);

        Assert.Equal(-1, entries.Sum(e => e.Amount.Amount));
        Assert.Equal(1, final.Reversed);
    }

    [Fact]
    public void Refund_of_a_taxed_payment_is_a_share_of_what_was_paid()
    {
        // 100.00 net + 19.00 tax paid; a refund of 59.50 is half of the payment, so half the commission.
        var payment = Payment(10_000, paid: 11_900);
        var result = CommissionReversal.Decide(CommissionFor(payment, 2_000), payment, Adjustment(ConversionType.Refund, 5_950, "rf_1"), Sample.Now);

        Assert.Equal(-1_000, result.Entry.Amount.Amount);
        Assert.Equal(-5_000, result.Entry.Base.Amount);
    }

    [Fact]
    public void Refunds_reported_as_running_totals_may_arrive_out_of_order()
    {
        var payment = Payment(10_000);
        var (entries, final) = Apply(CommissionFor(payment, 2_000), payment, [Adjustment(ConversionType.Refund, 10_000, "b", refundedTotal: 10_000), Adjustment(ConversionType.Refund, 4_000, "a", refundedTotal: 4_000)]);

        Assert.Equal([-2_000, 0], entries.Select(e => e.Amount.Amount));
        Assert.Equal(2_000, final.Reversed);
        Assert.Contains("changes nothing", entries[1].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Chargeback_reverses_and_a_won_dispute_reinstates_it()
    {
        var payment = Payment(10_000);
        var (entries, final) = Apply(CommissionFor(payment, 2_000), payment, [Adjustment(ConversionType.Chargeback, 10_000, "cb"), Adjustment(ConversionType.Reinstatement, 10_000, "won")]);

        Assert.Equal([-2_000, 2_000], entries.Select(e => e.Amount.Amount));
        Assert.Equal(0, final.Reversed);
        Assert.Contains("reinstates 20.00 EUR", entries[1].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Reinstatement_without_a_chargeback_changes_nothing()
    {
        var payment = Payment(10_000);
        var (entries, _) = Apply(CommissionFor(payment, 2_000), payment, [Adjustment(ConversionType.Refund, 5_000, "rf"), Adjustment(ConversionType.Reinstatement, 10_000, "won")]);

        Assert.Equal([-1_000, 0], entries.Select(e => e.Amount.Amount));
    }

    [Property]
    public Property Any_split_of_a_full_refund_nets_the_commission_to_exactly_zero() =>
        Prop.ForAll(Payments(), Commissions(), Gen.Choose(1, 40).SelectMany(parts => Gen.Choose(0, int.MaxValue), (parts, seed) => (parts, seed)).ToArbitrary(), (paid, commission, split) =>
        {
            var (parts, seed) = split;
            var payment = Payment(paid);
            var (entries, final) = Apply(CommissionFor(payment, commission), payment, Split(paid, parts, seed).Select((amount, i) => Adjustment(ConversionType.Refund, amount, $"rf_{i}")));

            return entries.Sum(e => e.Amount.Amount) == -commission
                && entries.Sum(e => e.Base.Amount) == -paid
                && final.Reversed == commission;
        });

    [Property]
    public Property A_reversal_never_exceeds_the_commission_whatever_is_refunded() =>
        Prop.ForAll(Payments(), Commissions(), Gen.ArrayOf(Gen.Choose(1, 2_000_000).Select(a => (long)a)).ToArbitrary(), (paid, commission, refunds) =>
        {
            var payment = Payment(paid);
            var (entries, final) = Apply(CommissionFor(payment, commission), payment, refunds.Select((amount, i) => Adjustment(ConversionType.Refund, amount, $"rf_{i}")));

            var running = 0L;
            foreach (var entry in entries)
            {
                running -= entry.Amount.Amount;
                if (entry.Amount.Amount > 0 || running > commission)
                {
                    return false;
                }
            }

            return final.Reversed <= commission && final.Reversed == running;
        });

    private static Arbitrary<long> Payments() => Gen.Choose(1, 5_000_000).Select(a => (long)a).ToArbitrary();

    private static Arbitrary<long> Commissions() => Gen.Choose(0, 1_000_000).Select(a => (long)a).ToArbitrary();

    /// <summary>Splits <paramref name="total"/> into up to <paramref name="parts"/> positive amounts, deterministically from <paramref name="seed"/>.</summary>
    private static List<long> Split(long total, int parts, int seed)
    {
        var random = new Random(seed);
        var cuts = Enumerable.Range(0, Math.Min(parts, (int)Math.Min(total, int.MaxValue)) - 1)
            .Select(_ => 1 + (long)(random.NextDouble() * (total - 1)))
            .Append(0).Append(total)
            .Distinct().Order().ToList();
        return cuts.Zip(cuts.Skip(1), (a, b) => b - a).ToList();
    }
}
