using Azure.Data.Tables;
using Referrals.Core;
using Referrals.Core.Conversions;
using Referrals.Core.ExchangeRates;
using Referrals.Storage.Conversions;
using Referrals.Storage.ExchangeRates;

namespace Referrals.Storage.Tests.ExchangeRates;

public sealed class ReferenceRateStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateOnly Friday = new(2026, 3, 13);

    private static ReferenceRates Day(DateOnly day, decimal usd) =>
        new(day, ReferenceRates.Ecb, new Dictionary<string, decimal> { ["USD"] = usd, ["JPY"] = 162.47m, ["GBP"] = 0.83285m });

    [Fact]
    public async Task A_days_rates_read_back_exactly_within_the_asked_window()
    {
        var store = new TableReferenceRateStore(await azurite.CreateAccountAsync());
        foreach (var day in new[] { Friday.AddDays(-12), Friday.AddDays(-1), Friday })
        {
            await store.SaveAsync(Day(day, 1.0891m), default);
        }

        var listed = await store.ListAsync(ReferenceRates.Ecb, Friday.AddDays(-10), Friday, default);

        Assert.Equal([Friday.AddDays(-1), Friday], listed.Select(rates => rates.Day));
        Assert.Equal(1.0891m, listed[1].PerEuro["USD"]);
        Assert.Equal(0.83285m, listed[1].PerEuro["GBP"]);
        Assert.Equal(3, listed[1].PerEuro.Count);
    }

    [Fact]
    public async Task Adding_a_stored_day_keeps_what_was_stored_and_saving_replaces_it()
    {
        var store = new TableReferenceRateStore(await azurite.CreateAccountAsync());
        await store.SaveAsync(Day(Friday, 1.0891m), default);

        Assert.False(await store.TryAddAsync(Day(Friday, 1.5m), default));
        Assert.Equal(1.0891m, (await store.ListAsync(ReferenceRates.Ecb, Friday, Friday, default))[0].PerEuro["USD"]);

        await store.SaveAsync(Day(Friday, 1.0902m), default);
        Assert.Equal(1.0902m, (await store.ListAsync(ReferenceRates.Ecb, Friday, Friday, default))[0].PerEuro["USD"]);
    }

    [Fact]
    public async Task A_weekend_day_converts_at_fridays_stored_rate()
    {
        var store = new TableReferenceRateStore(await azurite.CreateAccountAsync());
        await store.SaveAsync(Day(Friday, 1.0891m), default);

        var rate = await new StoredExchangeRates(store).FindAsync("USD", "EUR", Friday.AddDays(2), default);

        Assert.Equal(new ExchangeRate("USD", "EUR", 0.918189m, Friday, "ECB"), rate);
    }

    [Fact]
    public async Task A_converted_conversion_reads_back_with_its_original_amount_and_rate()
    {
        var store = new TableConversionStore(await azurite.CreateAccountAsync());
        var original = new Money(4999, "USD");
        var conversion = TestData.Conversion("prg_a").ConvertedBy(new CurrencyExchange(original, 0.918189m, Friday, "ECB", Friday.AddDays(1)), "EUR");

        await store.TryCreateAsync(conversion, default);

        var read = await store.GetAsync("prg_a", conversion.Id, default);
        Assert.Equal(conversion, read);
        Assert.Equal(new Money(4590, "EUR"), read!.Amount);
    }

    [Fact]
    public async Task A_conversion_stored_before_currencies_were_converted_still_reads()
    {
        var account = await azurite.CreateAccountAsync();
        var row = new TableEntity("prg_a", "cv_old")
        {
            ["Source"] = "api",
            ["EventId"] = "evt_old",
            ["Type"] = "Sale",
            ["Amount"] = 4999L,
            ["Currency"] = "EUR",
            ["CustomerId"] = "cus_1",
            ["OccurredAt"] = TestData.Now,
            ["ReceivedAt"] = TestData.Now,
        };
        await account.GetTableClient("Conversions").AddEntityAsync(row);

        var read = await new TableConversionStore(account).GetAsync("prg_a", "cv_old", default);

        Assert.Equal(new Money(4999, "EUR"), read!.Amount);
        Assert.Null(read.Exchange);
        Assert.Equal(new Money(4999, "EUR"), read.Reported);
        Assert.Equal(4999, read.Paid);
    }
}
