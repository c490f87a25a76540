using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Referrals.Core.Commissions;
using Referrals.Core.Conversions;

namespace Referrals.Core.Tests.Commissions;

public class CommissionCalculatorTests
{
    [Fact]
    public void A_percent_plan_pays_its_share_of_the_sale_and_shows_rate_and_base()
    {
        var quote = CommissionCalculator.Calculate(CommissionPlan.OfPercent(20), Sample.Conversion(amount: 4999));

        Assert.NotNull(quote);
        Assert.Equal(new Money(1000, "EUR"), quote.Amount);
        Assert.Equal(CommissionPlanKind.Percent, quote.Rule);
        Assert.Equal(20m, quote.Rate);
        Assert.Equal(new Money(4999, "EUR"), quote.Base);
        Assert.Equal("20% of 49.99 EUR = 10.00 EUR.", quote.Explanation);
    }

    [Fact]
    public void A_fractional_rate_is_shown_as_given()
    {
        var quote = CommissionCalculator.Calculate(CommissionPlan.OfPercent(12.5m), Sample.Conversion(amount: 10_000));

        Assert.NotNull(quote);
        Assert.Equal(new Money(1250, "EUR"), quote.Amount);
        Assert.Equal("12.5% of 100.00 EUR = 12.50 EUR.", quote.Explanation);
    }

    [Fact]
    public void A_flat_plan_pays_its_amount_per_sale_whatever_the_sale()
    {
        var quote = CommissionCalculator.Calculate(CommissionPlan.OfFlat(500), Sample.Conversion(amount: 4999));

        Assert.NotNull(quote);
        Assert.Equal(new Money(500, "EUR"), quote.Amount);
        Assert.Equal(CommissionPlanKind.Flat, quote.Rule);
        Assert.Null(quote.Rate);
        Assert.Equal(new Money(4999, "EUR"), quote.Base);
        Assert.Equal("Flat 5.00 EUR per sale (sale of 49.99 EUR).", quote.Explanation);
    }

    [Theory]
    [InlineData(CommissionPlanKind.Percent)]
    [InlineData(CommissionPlanKind.Flat)]
    public void A_lead_earns_nothing(CommissionPlanKind kind)
    {
        var plan = kind == CommissionPlanKind.Percent ? CommissionPlan.OfPercent(20) : CommissionPlan.OfFlat(500);

        var quote = CommissionCalculator.Calculate(plan, Sample.Conversion(ConversionType.Lead, amount: 0));

        Assert.Null(quote);
    }

    [Property]
    public Property A_percent_commission_is_never_negative_and_never_more_than_its_base() =>
        Prop.ForAll(SaleAmounts(), Rates(), (amount, percent) =>
        {
            var quote = CommissionCalculator.Calculate(CommissionPlan.OfPercent(percent), Sample.Conversion(amount: amount))!;

            return quote.Amount.Amount >= 0 && quote.Amount.Amount <= quote.Base.Amount && quote.Base.Amount == amount;
        });

    private static Arbitrary<long> SaleAmounts() =>
        Gen.Choose(0, 999_999)
            .SelectMany(high => Gen.Choose(1, 1_000_000), (high, low) => (high * 1_000_000L) + low)
            .ToArbitrary();

    /// <summary>Rates a plan accepts: greater than 0, at most 100, up to four decimals.</summary>
    private static Arbitrary<decimal> Rates() =>
        Gen.Choose(1, 1_000_000).Select(tenThousandths => tenThousandths / 10_000m).ToArbitrary();
}
