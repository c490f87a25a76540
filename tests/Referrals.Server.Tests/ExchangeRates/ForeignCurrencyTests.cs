using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Referrals.Core.ExchangeRates;
using Referrals.Core.Webhooks;
using Referrals.Server.Tests.Infrastructure;

namespace Referrals.Server.Tests.ExchangeRates;

/// <summary>Sales and refunds in another currency than the program's, through the API and Stripe, to the commission and its reversal.</summary>
public sealed class ForeignCurrencyTests : ServerTest
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private static readonly DateOnly SaleDay = Today.AddDays(-3);

    private SignedWebhooks Hooks => new(Visitor);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var store = App.Services.GetRequiredService<IReferenceRateStore>();

        // The sale's day has 1 EUR = 1.0891 USD; the days since, other rates, so a refund at the wrong rate would show.
        await store.SaveAsync(Day(SaleDay, 1.0891m), CancellationToken.None);
        await store.SaveAsync(Day(Today.AddDays(-1), 1.25m), CancellationToken.None);
        await store.SaveAsync(Day(Today, 1.3m), CancellationToken.None);
        await store.SaveAsync(Day(Today.AddDays(1), 1.3m), CancellationToken.None);
    }

    private static ReferenceRates Day(DateOnly day, decimal usd) =>
        new(day, ReferenceRates.Ecb, new Dictionary<string, decimal> { ["USD"] = usd, ["GBP"] = 0.83285m });

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset Noon(DateOnly day) => new(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

    private async Task<(string ProgramId, string ClickId)> ProgramWithClickAsync()
    {
        var programId = await Api.CreateProgramAsync(new { kind = "percent", percent = 20 });
        var partnerId = await Api.CreatePartnerAsync(programId);
        var code = (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;
        return (programId, await ApiClient.ClickAsync(Visitor, code));
    }

    /// <summary>A program whose partner has the referral code ADA10: a sale of some days ago can name it (a click cannot precede it).</summary>
    private async Task<string> ProgramWithCodeAsync()
    {
        var programId = await Api.CreateProgramAsync(new { kind = "percent", percent = 20 });
        var partnerId = await Api.CreatePartnerAsync(programId);
        await Api.PostAsync($"/api/v1/programs/{programId}/codes", new { partnerId, code = "ADA10" }, HttpStatusCode.Created);
        return programId;
    }

    private async Task<JsonElement[]> CommissionsAsync(string programId) =>
        [.. (await Api.GetAsync($"/api/v1/programs/{programId}/commissions")).EnumerateArray()];

    [Fact]
    public async Task A_usd_sale_in_a_eur_program_earns_a_commission_that_names_the_rate_and_a_full_usd_refund_nets_it_to_zero()
    {
        var programId = await ProgramWithCodeAsync();

        var accepted = await Api.PostAsync(
            $"/api/v1/programs/{programId}/conversions",
            new { eventId = "ord_1", type = "sale", amount = 4999, currency = "USD", customerId = "cus_1", code = "ADA10", occurredAt = Noon(SaleDay) },
            HttpStatusCode.Accepted);
        var sale = await Api.AttributedConversionAsync(programId, accepted.GetProperty("conversionId").GetString()!);

        Assert.Equal(4590, sale.GetProperty("amount").GetInt64());
        Assert.Equal("EUR", sale.GetProperty("currency").GetString());
        var exchange = sale.GetProperty("exchange");
        Assert.Equal(4999, exchange.GetProperty("amount").GetInt64());
        Assert.Equal("USD", exchange.GetProperty("currency").GetString());
        Assert.Equal(0.918189m, exchange.GetProperty("rate").GetDecimal());
        Assert.Equal(Date(SaleDay), exchange.GetProperty("rateDate").GetString());
        Assert.Equal("ECB", exchange.GetProperty("source").GetString());
        var commission = Assert.Single(await CommissionsAsync(programId));
        Assert.Equal(918, commission.GetProperty("amount").GetInt64());
        Assert.Equal($"20% of 45.90 EUR (49.99 USD at 0.918189, ECB {Date(SaleDay)}) = 9.18 EUR.", commission.GetProperty("explanation").GetString());

        var refunded = await Api.PostAsync(
            $"/api/v1/programs/{programId}/conversions",
            new { eventId = "ord_1_refund", type = "refund", amount = 4999, currency = "USD", originalEventId = "ord_1" },
            HttpStatusCode.Accepted);
        var refund = await Api.AttributedConversionAsync(programId, refunded.GetProperty("conversionId").GetString()!);

        Assert.Equal(4590, refund.GetProperty("amount").GetInt64());
        Assert.Equal(0.918189m, refund.GetProperty("exchange").GetProperty("rate").GetDecimal());
        var commissions = await CommissionsAsync(programId);
        Assert.Equal(2, commissions.Length);
        Assert.Equal(0, commissions.Sum(c => c.GetProperty("amount").GetInt64()));
        Assert.Equal(0, commissions.Sum(c => c.GetProperty("baseAmount").GetInt64()));
    }

    [Fact]
    public async Task A_usd_stripe_checkout_is_converted_at_the_days_rate_and_its_usd_refund_nets_to_zero()
    {
        var (programId, clickId) = await ProgramWithClickAsync();
        await SignedWebhooks.ConfigureAsync(Api, programId, WebhookProvider.Stripe);

        var checkout = await Hooks.DeliverAsync(WebhookProvider.Stripe, programId, SignedWebhooks.StripeCheckout("evt_usd_checkout", amountTotal: 11_900, tax: 1_900, clickId: clickId, paymentIntent: "pi_usd", currency: "usd"));
        var sale = await Api.AttributedConversionAsync(programId, checkout.GetProperty("conversionId").GetString()!);

        // Stripe's event is of today, whose rate is 1 EUR = 1.3 USD: 100.00 USD × 0.769231 = 76.92 EUR.
        var rateDate = sale.GetProperty("exchange").GetProperty("rateDate").GetString();
        Assert.Equal(sale.GetProperty("occurredAt").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), rateDate);
        Assert.Equal(7692, sale.GetProperty("amount").GetInt64());
        Assert.Equal(10_000, sale.GetProperty("exchange").GetProperty("amount").GetInt64());
        var commission = Assert.Single(await CommissionsAsync(programId));
        Assert.Equal($"20% of 76.92 EUR (100.00 USD at 0.769231, ECB {rateDate}) = 15.38 EUR.", commission.GetProperty("explanation").GetString());

        var refund = await Hooks.DeliverAsync(WebhookProvider.Stripe, programId, SignedWebhooks.StripeRefund("evt_usd_refund", amount: 11_900, amountRefunded: 11_900, previouslyRefunded: 0, paymentIntent: "pi_usd", currency: "usd"));
        await Api.AttributedConversionAsync(programId, refund.GetProperty("conversionId").GetString()!);

        var commissions = await CommissionsAsync(programId);
        Assert.Equal(2, commissions.Length);
        Assert.Equal(0, commissions.Sum(c => c.GetProperty("amount").GetInt64()));
    }

    [Fact]
    public async Task A_sale_on_a_day_without_rates_uses_the_latest_earlier_day_and_says_so()
    {
        var programId = await ProgramWithCodeAsync();
        var dayWithout = SaleDay.AddDays(1);

        var accepted = await Api.PostAsync(
            $"/api/v1/programs/{programId}/conversions",
            new { eventId = "ord_2", type = "sale", amount = 4999, currency = "USD", customerId = "cus_2", code = "ADA10", occurredAt = Noon(dayWithout) },
            HttpStatusCode.Accepted);
        await Api.AttributedConversionAsync(programId, accepted.GetProperty("conversionId").GetString()!);

        var commission = Assert.Single(await CommissionsAsync(programId));
        Assert.Equal($"20% of 45.90 EUR (49.99 USD at 0.918189, ECB {Date(SaleDay)}, the latest before {Date(dayWithout)}) = 9.18 EUR.", commission.GetProperty("explanation").GetString());
    }

    [Fact]
    public async Task A_sale_in_a_currency_without_a_rate_is_refused_with_422_naming_it_and_nothing_is_stored()
    {
        var programId = await Api.CreateProgramAsync();
        var before = await App.CountRowsAsync();

        using var response = await Api.Client.PostAsJsonAsync(
            $"/api/v1/programs/{programId}/conversions",
            new { eventId = "ord_3", type = "sale", amount = 4999, currency = "CHF", customerId = "cus_3" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no ECB reference rate for CHF", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await App.CountRowsAsync());
    }
}
