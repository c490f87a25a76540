namespace Referrals.Core.Tests;

public class CurrencyTests
{
    [Theory]
    [InlineData("EUR")]
    [InlineData("USD")]
    [InlineData("JPY")]
    public void Active_codes_are_known(string code)
    {
        Assert.True(Currency.IsKnown(code));
    }

    [Theory]
    [InlineData("eur")]
    [InlineData("Usd")]
    [InlineData("XYZ")]
    [InlineData("EURO")]
    [InlineData("")]
    [InlineData(null)]
    public void Lower_case_and_unknown_codes_are_refused(string? code)
    {
        Assert.False(Currency.IsKnown(code));
    }

    [Theory]
    [InlineData("EUR", 2)]
    [InlineData("JPY", 0)]
    [InlineData("BHD", 3)]
    public void Minor_digits_follow_ISO_4217(string code, int digits)
    {
        Assert.Equal(digits, Currency.MinorDigits(code));
    }
}
