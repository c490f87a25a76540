using Referrals.Core.ExchangeRates;
using Referrals.Core.Reconciliation;

namespace Referrals.Core.Tests.Reconciliation;

public class PaymentComparisonTests
{
    [Fact]
    public void The_same_paid_amount_and_currency_differ_in_nothing() =>
        Assert.Null(PaymentComparison.Amounts(new Money(4_999, "EUR"), Sample.Conversion() with { Amount = new Money(4_999, "EUR") }));

    [Fact]
    public void The_paid_amount_with_tax_is_what_is_compared_not_the_commission_base()
    {
        var recorded = Sample.Conversion() with { Amount = new Money(10_000, "EUR"), PaidAmount = 11_900 };

        Assert.Null(PaymentComparison.Amounts(new Money(11_900, "EUR"), recorded));
        Assert.Equal("amount: export 100.00 EUR, recorded 119.00 EUR", PaymentComparison.Amounts(new Money(10_000, "EUR"), recorded));
    }

    [Fact]
    public void Another_currency_is_named_before_any_amount() =>
        Assert.Equal("currency: export USD, recorded EUR", PaymentComparison.Amounts(new Money(4_999, "USD"), Sample.Conversion() with { Amount = new Money(4_999, "EUR") }));

    [Fact]
    public void A_converted_payment_is_compared_in_the_currency_the_provider_reported()
    {
        var day = new DateOnly(2026, 3, 13);
        var recorded = Sample.Conversion() with
        {
            Amount = new Money(4_590, "EUR"),
            Exchange = new CurrencyExchange(new Money(4_999, "USD"), 0.918189m, day, "ECB", day),
        };

        Assert.Null(PaymentComparison.Amounts(new Money(4_999, "USD"), recorded));
        Assert.Equal("amount: export 50.00 USD, recorded 49.99 USD", PaymentComparison.Amounts(new Money(5_000, "USD"), recorded));
    }

    [Theory]
    [InlineData(null, 500L, null)]
    [InlineData(500L, 500L, null)]
    [InlineData(1_000L, 500L, "refunded: export 10.00 EUR, recorded 5.00 EUR")]
    [InlineData(0L, 500L, "refunded: export 0.00 EUR, recorded 5.00 EUR")]
    public void Refunds_differ_only_when_the_export_says_otherwise(long? exported, long recorded, string? expected) =>
        Assert.Equal(expected, PaymentComparison.Refunds(exported, recorded, "EUR"));
}
