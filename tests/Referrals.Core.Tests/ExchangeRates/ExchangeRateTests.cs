using Referrals.Core.Commissions;
using Referrals.Core.Conversions;
using Referrals.Core.ExchangeRates;
using Referrals.Core.Tests.Fakes;

namespace Referrals.Core.Tests.ExchangeRates;

public class ExchangeRateTests
{
    private static readonly DateOnly Saturday = new(2026, 3, 14);
    private static readonly DateOnly Friday = new(2026, 3, 13);

    private static ReferenceRates Rates(DateOnly day) =>
        InMemoryReferenceRateStore.Day(day, ("USD", 1.0891m), ("GBP", 0.83285m), ("JPY", 162.47m));

    [Fact]
    public void A_rate_to_the_euro_is_the_inverse_of_the_published_one_to_six_significant_digits()
    {
        var rate = Rates(Saturday).Between("USD", "EUR");

        Assert.Equal(new ExchangeRate("USD", "EUR", 0.918189m, Saturday, "ECB"), rate);
    }

    [Fact]
    public void A_cross_rate_goes_through_the_euro()
    {
        Assert.Equal(0.764714m, Rates(Saturday).Between("USD", "GBP")!.Rate);
        Assert.Equal(1.0891m, Rates(Saturday).Between("EUR", "USD")!.Rate);
    }

    [Fact]
    public void A_currency_the_day_does_not_publish_has_no_rate()
    {
        Assert.Null(Rates(Saturday).Between("KWD", "EUR"));
    }

    [Theory]
    [InlineData(5, 0.5, 2)]
    [InlineData(15, 0.5, 8)]
    [InlineData(25, 0.5, 12)]
    [InlineData(4999, 0.918189, 4590)]
    public void Converted_money_is_rounded_half_even_to_a_minor_unit(long amount, decimal rate, long expected)
    {
        Assert.Equal(new Money(expected, "EUR"), ExchangeRate.Convert(new Money(amount, "USD"), "EUR", rate));
    }

    [Fact]
    public void Minor_digits_of_both_currencies_are_respected()
    {
        // 1000 JPY (no minor unit) at 0.006155 is 6.155 EUR: 615.5 cents, half-even to 616.
        Assert.Equal(new Money(616, "EUR"), ExchangeRate.Convert(new Money(1000, "JPY"), "EUR", 0.006155m));

        // 1.00 EUR at 0.334 is 0.334 KWD: 334 fils (three minor digits).
        Assert.Equal(new Money(334, "KWD"), ExchangeRate.Convert(new Money(100, "EUR"), "KWD", 0.334m));
    }

    [Fact]
    public async Task A_day_without_rates_uses_the_latest_earlier_one()
    {
        var store = new InMemoryReferenceRateStore();
        await store.SaveAsync(Rates(Friday), CancellationToken.None);

        var rate = await new StoredExchangeRates(store).FindAsync("USD", "EUR", Saturday.AddDays(1), CancellationToken.None);

        Assert.Equal(Friday, rate!.Day);
        Assert.Equal("49.99 USD at 0.918189, ECB 2026-03-13, the latest before 2026-03-15", CurrencyExchange.Of(new Money(4999, "USD"), rate, Saturday.AddDays(1)).Describe());
    }

    [Fact]
    public async Task A_latest_day_without_the_currency_gives_way_to_an_earlier_day_with_it()
    {
        var store = new InMemoryReferenceRateStore();
        await store.SaveAsync(Rates(Friday.AddDays(-1)), CancellationToken.None);
        await store.SaveAsync(InMemoryReferenceRateStore.Day(Friday, ("GBP", 0.84m)), CancellationToken.None);

        var rate = await new StoredExchangeRates(store).FindAsync("USD", "EUR", Friday, CancellationToken.None);

        Assert.Equal(Friday.AddDays(-1), rate!.Day);
    }

    [Fact]
    public async Task No_rate_within_ten_days_is_none()
    {
        var store = new InMemoryReferenceRateStore();
        await store.SaveAsync(Rates(Friday.AddDays(-StoredExchangeRates.LookbackDays - 1)), CancellationToken.None);
        await store.SaveAsync(Rates(Friday.AddDays(1)), CancellationToken.None);

        Assert.Null(await new StoredExchangeRates(store).FindAsync("USD", "EUR", Friday, CancellationToken.None));
    }

    [Fact]
    public void The_commission_explanation_names_the_original_amount_the_rate_and_its_date()
    {
        var sale = Sample.Conversion(amount: 4999).ConvertedBy(
            CurrencyExchange.Of(new Money(4999, "USD"), Rates(Saturday).Between("USD", "EUR")!, Saturday), "EUR");

        var quote = CommissionCalculator.Calculate(CommissionPlan.OfPercent(20), sale);

        Assert.Equal(new Money(4590, "EUR"), sale.Amount);
        Assert.Equal("20% of 45.90 EUR (49.99 USD at 0.918189, ECB 2026-03-14) = 9.18 EUR.", quote!.Explanation);
    }

    [Fact]
    public void Rates_keep_six_significant_digits_at_any_magnitude()
    {
        Assert.Equal(0.00615498m, ExchangeRate.RoundSignificant(0.006154982458m));
        Assert.Equal(17234.6m, ExchangeRate.RoundSignificant(17234.56m));
        Assert.Equal(1234570m, ExchangeRate.RoundSignificant(1234567.8m));
    }
}
