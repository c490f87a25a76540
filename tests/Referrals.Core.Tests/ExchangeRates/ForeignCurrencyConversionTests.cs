using Microsoft.Extensions.Time.Testing;
using Referrals.Core.Conversions;
using Referrals.Core.ExchangeRates;
using Referrals.Core.Tests.Fakes;

namespace Referrals.Core.Tests.ExchangeRates;

public class ForeignCurrencyConversionTests
{
    private static readonly DateTimeOffset SaleTime = new(2025, 3, 14, 10, 0, 0, TimeSpan.Zero);

    private readonly InMemoryProgramStore _programs = new();
    private readonly InMemoryConversionStore _conversions = new();
    private readonly InMemoryReferenceRateStore _rates = new();
    private readonly RecordConversion _record;

    public ForeignCurrencyConversionTests()
    {
        _programs.Add(Sample.Program());
        _record = new RecordConversion(_programs, _conversions, new RecordingEventPublisher(), new FakeTimeProvider(Sample.Now.AddDays(30)), rates: new StoredExchangeRates(_rates));
    }

    private static ConversionDraft Sale(string currency = "USD") => new("evt_sale", ConversionType.Sale, 4999, currency, "cus_42", OccurredAt: SaleTime);

    private Task<RecordConversionOutcome> RecordAsync(ConversionDraft draft) =>
        _record.ExecuteAsync(Sample.ProgramId, RecordConversion.ApiSource, draft, CancellationToken.None);

    private async Task<Conversion> StoredAsync(string eventId) =>
        (await _conversions.GetAsync(Sample.ProgramId, Conversion.IdFor(Sample.ProgramId, RecordConversion.ApiSource, eventId), CancellationToken.None))!;

    [Fact]
    public async Task A_sale_in_another_currency_is_stored_converted_at_its_days_rate_with_the_original()
    {
        await _rates.SaveAsync(InMemoryReferenceRateStore.Day(DateOnly.FromDateTime(SaleTime.UtcDateTime), ("USD", 1.0891m)), CancellationToken.None);

        Assert.IsType<RecordConversionOutcome.Accepted>(await RecordAsync(Sale()));

        var sale = await StoredAsync("evt_sale");
        Assert.Equal(new Money(4590, "EUR"), sale.Amount);
        Assert.Equal(new CurrencyExchange(new Money(4999, "USD"), 0.918189m, new DateOnly(2025, 3, 14), "ECB", new DateOnly(2025, 3, 14)), sale.Exchange);
    }

    [Fact]
    public async Task A_sale_in_a_currency_without_a_rate_is_refused_and_nothing_is_stored()
    {
        await _rates.SaveAsync(InMemoryReferenceRateStore.Day(new DateOnly(2025, 3, 14), ("USD", 1.0891m)), CancellationToken.None);

        var outcome = await RecordAsync(Sale("KWD"));

        Assert.Equal(new RecordConversionOutcome.NoExchangeRate("KWD", "EUR", new DateOnly(2025, 3, 14)), outcome);
        Assert.Null(await _conversions.GetAsync(Sample.ProgramId, Conversion.IdFor(Sample.ProgramId, RecordConversion.ApiSource, "evt_sale"), CancellationToken.None));
    }

    [Fact]
    public async Task A_refund_converts_at_its_sales_rate_not_at_its_own_days()
    {
        await _rates.SaveAsync(InMemoryReferenceRateStore.Day(new DateOnly(2025, 3, 14), ("USD", 1.0891m)), CancellationToken.None);
        await _rates.SaveAsync(InMemoryReferenceRateStore.Day(new DateOnly(2025, 4, 1), ("USD", 1.2m)), CancellationToken.None);
        await RecordAsync(Sale());

        await RecordAsync(new ConversionDraft("evt_refund", ConversionType.Refund, 4999, "USD", null, OccurredAt: SaleTime.AddDays(18), OriginalEventId: "evt_sale"));

        var refund = await StoredAsync("evt_refund");
        Assert.Equal(new Money(4590, "EUR"), refund.Amount);
        Assert.Equal(0.918189m, refund.Exchange!.Rate);
        Assert.Equal(new DateOnly(2025, 3, 14), refund.Exchange.RateDay);
    }

    [Fact]
    public async Task A_lead_reported_in_another_currency_without_an_amount_needs_no_rate_and_is_kept_in_the_programs_currency()
    {
        Assert.IsType<RecordConversionOutcome.Accepted>(await RecordAsync(new ConversionDraft("evt_lead", ConversionType.Lead, null, "USD", "cus_42", OccurredAt: SaleTime)));

        var lead = await StoredAsync("evt_lead");
        Assert.Equal(new Money(0, "EUR"), lead.Amount);
        Assert.Null(lead.Exchange);
    }

    [Fact]
    public async Task A_sale_in_the_programs_currency_needs_no_rate()
    {
        Assert.IsType<RecordConversionOutcome.Accepted>(await RecordAsync(Sale("EUR")));

        var sale = await StoredAsync("evt_sale");
        Assert.Equal(new Money(4999, "EUR"), sale.Amount);
        Assert.Null(sale.Exchange);
    }
}
