using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Referrals.Core.Commissions;
using Referrals.Core.Conversions;

namespace Referrals.Core.Tests.Commissions;

public class SecondTierTests
{
    [Fact]
    public void The_introducer_earns_its_share_of_the_commission_as_its_own_entry()
    {
        var earned = Earned(Sample.Conversion(amount: 12_345), CommissionPlan.OfPercent(20));

        var secondTier = SecondTier.Decide(earned, "prt_introducer", "Alice", 10)!;

        Assert.Equal(SecondTier.IdFor(earned.Id), secondTier.Id);
        Assert.Equal("prt_introducer", secondTier.PartnerId);
        Assert.Equal(earned.ConversionId, secondTier.ConversionId);
        Assert.Equal(new Money(247, "EUR"), secondTier.Amount);
        Assert.Equal(earned.Amount, secondTier.Base);
        Assert.Equal(CommissionPlanKind.SecondTier, secondTier.Rule);
        Assert.Equal(10m, secondTier.Rate);
        Assert.Equal("10% of the 24.69 EUR commission earned by Alice, a partner you introduced = 2.47 EUR.", secondTier.Explanation);
    }

    [Fact]
    public void A_share_that_rounds_to_nothing_gives_no_entry()
    {
        var earned = Earned(Sample.Conversion(amount: 10), CommissionPlan.OfPercent(20));

        Assert.Null(SecondTier.Decide(earned, "prt_introducer", "Alice", 10));
    }

    [Property]
    public Property A_full_refund_nets_the_introducer_to_zero_too() =>
        Prop.ForAll(Gen.Choose(100, 10_000_000).ToArbitrary(), Gen.Choose(1, 5).ToArbitrary(), (amount, parts) =>
        {
            var payment = Sample.Conversion(amount: amount);
            var secondTier = SecondTier.Decide(Earned(payment, CommissionPlan.OfPercent(20)), "prt_introducer", "Alice", 10);
            if (secondTier is null)
            {
                return true;
            }

            var total = secondTier.Amount.Amount;
            var slice = amount / parts;
            for (var i = 0; i < parts; i++)
            {
                var refund = Sample.Conversion(ConversionType.Refund, amount: i == parts - 1 ? amount - (slice * (parts - 1)) : slice, eventId: "re_" + i);
                var adjustment = SecondTier.Adjust(secondTier, payment, refund, Sample.Now);
                secondTier = adjustment.Original;
                total += adjustment.Entry.Amount.Amount;
                if (adjustment.Entry.Id != SecondTier.IdFor(Commission.IdFor(refund.Id)) || adjustment.Entry.PartnerId != "prt_introducer")
                {
                    return false;
                }
            }

            return total == 0;
        });

    private static Commission Earned(Conversion conversion, CommissionPlan plan)
    {
        var quote = CommissionCalculator.Calculate(plan, conversion)!;
        return new Commission(Commission.IdFor(conversion.Id), conversion.ProgramId, Sample.PartnerId, conversion.Id, CommissionStatus.Pending, quote.Amount, quote.Base, quote.Rule, quote.Rate, quote.Explanation, Sample.Now, PlanVersion: quote.PlanVersion);
    }
}
