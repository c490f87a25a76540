using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Referrals.Core.Tests;

public class MoneyTests
{
    [Theory]
    [InlineData(250, 1, 3)]
    [InlineData(-250, 1, -3)]
    [InlineData(249, 1, 2)]
    [InlineData(4999, 20, 1000)]
    [InlineData(1, 50, 1)]
    [InlineData(-1, 50, -1)]
    public void Percent_rounds_half_away_from_zero(long amount, int percent, long expected)
    {
        var share = new Money(amount, "EUR").Percent(percent);

        Assert.Equal(new Money(expected, "EUR"), share);
    }

    [Property]
    public Property Percent_is_within_half_a_minor_unit_of_the_exact_share() =>
        Prop.ForAll(Amounts(), Percents(), (amount, percent) =>
        {
            var exact = amount * percent / 100m;

            var rounded = new Money(amount, "EUR").Percent(percent).Amount;

            var distance = Math.Abs(rounded - exact);
            var awayFromZeroOnTies = distance != 0.5m || Math.Abs(rounded) > Math.Abs(exact);
            return distance <= 0.5m && awayFromZeroOnTies;
        });

    [Fact]
    public void Add_sums_amounts_of_the_same_currency()
    {
        var sum = new Money(1050, "EUR").Add(new Money(-50, "EUR"));

        Assert.Equal(new Money(1000, "EUR"), sum);
    }

    [Fact]
    public void Add_refuses_another_currency()
    {
        var euros = new Money(1050, "EUR");

        var error = Assert.Throws<InvalidOperationException>(() => euros.Add(new Money(50, "USD")));

        Assert.Contains("USD", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(12050, "EUR", "120.50 EUR")]
    [InlineData(-5, "EUR", "-0.05 EUR")]
    [InlineData(500, "JPY", "500 JPY")]
    [InlineData(1234, "BHD", "1.234 BHD")]
    [InlineData(7, "KWD", "0.007 KWD")]
    public void ToString_uses_the_currency_minor_digits(long amount, string currency, string expected)
    {
        Assert.Equal(expected, new Money(amount, currency).ToString());
    }

    internal static Arbitrary<long> Amounts() =>
        Gen.Choose(-1_000_000, 1_000_000)
            .SelectMany(high => Gen.Choose(0, 999_999), (high, low) => (high * 1_000_000L) + (high < 0 ? -low : low))
            .ToArbitrary();

    /// <summary>Rates from 0 to 100 with up to four decimals, the precision a plan allows.</summary>
    internal static Arbitrary<decimal> Percents() =>
        Gen.Choose(0, 1_000_000).Select(tenThousandths => tenThousandths / 10_000m).ToArbitrary();
}
