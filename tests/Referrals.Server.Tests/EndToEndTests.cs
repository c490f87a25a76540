using System.Net;
using Referrals.Server.Tests.Infrastructure;

namespace Referrals.Server.Tests;

/// <summary>Click → conversion → attribution → commission → stats, through real HTTP over Azurite.</summary>
public sealed class EndToEndTests : ServerTest
{
    [Fact]
    public async Task Sale_after_a_click_earns_the_partner_a_commission_visible_in_stats()
    {
        var programId = await Api.CreateProgramAsync(new { kind = "percent", percent = 20 });
        var partnerId = await Api.CreatePartnerAsync(programId);
        var link = await Api.CreateLinkAsync(programId, partnerId);
        var code = link.GetProperty("code").GetString()!;
        Assert.EndsWith($"/r/{code}", link.GetProperty("url").GetString(), StringComparison.Ordinal);

        var clickId = await ApiClient.ClickAsync(Visitor, code);
        var click = await Api.GetAsync($"/api/v1/clicks/{clickId}");
        Assert.Equal(partnerId, click.GetProperty("partnerId").GetString());
        Assert.False(click.GetProperty("isBot").GetBoolean());

        var accepted = await Api.RecordSaleAsync(programId, "order-1001", 12_345, clickId: clickId);
        var conversion = await Api.AttributedConversionAsync(programId, accepted.GetProperty("conversionId").GetString()!);

        Assert.Equal("attributed", conversion.GetProperty("status").GetString());
        Assert.Equal("click", conversion.GetProperty("attribution").GetProperty("method").GetString());
        Assert.Equal(partnerId, conversion.GetProperty("attribution").GetProperty("partnerId").GetString());

        var commission = Assert.Single((await Api.GetAsync($"/api/v1/programs/{programId}/commissions?partnerId={partnerId}")).EnumerateArray());
        Assert.Equal(2_469, commission.GetProperty("amount").GetInt64());
        Assert.Equal(12_345, commission.GetProperty("baseAmount").GetInt64());
        Assert.Equal("percent", commission.GetProperty("rule").GetString());
        Assert.Equal(20m, commission.GetProperty("rate").GetDecimal());
        Assert.Equal("pending", commission.GetProperty("status").GetString());
        Assert.Contains("20% of 123.45 EUR", commission.GetProperty("explanation").GetString(), StringComparison.Ordinal);

        var stats = await Eventually.ReturnsAsync(
            () => Api.GetAsync($"/api/v1/partners/{partnerId}/stats"),
            s => s.GetProperty("clicks").GetInt64() == 1 && s.GetProperty("sales").GetInt64() == 1);
        Assert.Equal(1, stats.GetProperty("uniqueClicks").GetInt64());
        Assert.Equal(12_345, stats.GetProperty("revenue").GetInt64());
        Assert.Equal(2_469, stats.GetProperty("earnings").GetInt64());
        Assert.Equal("EUR", stats.GetProperty("currency").GetString());
        var today = stats.GetProperty("daily").EnumerateArray().Last();
        Assert.Equal(1, today.GetProperty("clicks").GetInt64());
        Assert.Equal(1, today.GetProperty("sales").GetInt64());
    }

    [Fact]
    public async Task Referral_code_typed_at_checkout_credits_its_partner_whatever_its_case()
    {
        var programId = await Api.CreateProgramAsync(new { kind = "flat", amount = 500 });
        var partnerId = await Api.CreatePartnerAsync(programId);
        await Api.PostAsync($"/api/v1/programs/{programId}/codes", new { partnerId, code = "Summer25" }, HttpStatusCode.Created);

        var accepted = await Api.RecordSaleAsync(programId, "order-2001", 9_900, code: "SUMMER25");
        var conversion = await Api.AttributedConversionAsync(programId, accepted.GetProperty("conversionId").GetString()!);

        Assert.Equal("referralCode", conversion.GetProperty("attribution").GetProperty("method").GetString());
        var commission = Assert.Single((await Api.GetAsync($"/api/v1/programs/{programId}/commissions")).EnumerateArray());
        Assert.Equal(partnerId, commission.GetProperty("partnerId").GetString());
        Assert.Equal(500, commission.GetProperty("amount").GetInt64());
        Assert.Equal("flat", commission.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Sale_without_click_or_code_stays_unattributed_with_its_reason()
    {
        var programId = await Api.CreateProgramAsync();
        await Api.CreatePartnerAsync(programId);

        var accepted = await Api.RecordSaleAsync(programId, "order-3001", 5_000);
        var conversion = await Api.AttributedConversionAsync(programId, accepted.GetProperty("conversionId").GetString()!);

        Assert.Equal("unattributed", conversion.GetProperty("status").GetString());
        Assert.Equal("No click id, referral code, customer lock or registered lead matched the conversion.", conversion.GetProperty("attribution").GetProperty("reason").GetString());
        Assert.Empty((await Api.GetAsync($"/api/v1/programs/{programId}/commissions")).EnumerateArray());
    }

    [Fact]
    public async Task Click_by_a_bot_is_stored_but_never_attributed()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        var code = (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;
        using var crawler = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        crawler.DefaultRequestHeaders.UserAgent.ParseAdd("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)");

        var clickId = await ApiClient.ClickAsync(crawler, code);
        Assert.True((await Api.GetAsync($"/api/v1/clicks/{clickId}")).GetProperty("isBot").GetBoolean());

        var accepted = await Api.RecordSaleAsync(programId, "order-4001", 5_000, clickId: clickId);
        var conversion = await Api.AttributedConversionAsync(programId, accepted.GetProperty("conversionId").GetString()!);
        Assert.Equal("unattributed", conversion.GetProperty("status").GetString());
        Assert.Contains("bot", conversion.GetProperty("attribution").GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_event_id_twice_yields_one_conversion_and_one_commission()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        var code = (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;
        var clickId = await ApiClient.ClickAsync(Visitor, code);

        var first = await Api.RecordSaleAsync(programId, "order-5001", 10_000, clickId: clickId);
        var conversionId = first.GetProperty("conversionId").GetString()!;
        await Api.AttributedConversionAsync(programId, conversionId);
        var again = await Api.RecordSaleAsync(programId, "order-5001", 99_999, clickId: clickId, expected: HttpStatusCode.OK);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Api.RecordSaleAsync(programId, "order-5001", 10_000, expected: HttpStatusCode.OK)));

        Assert.Equal(conversionId, again.GetProperty("conversionId").GetString());
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.All(concurrent, answer => Assert.Equal(conversionId, answer.GetProperty("conversionId").GetString()));
        var stored = await Api.GetAsync($"/api/v1/programs/{programId}/conversions/{conversionId}");
        Assert.Equal(10_000, stored.GetProperty("amount").GetInt64());
        await Task.Delay(500);
        Assert.Single((await Api.GetAsync($"/api/v1/programs/{programId}/commissions")).EnumerateArray());
        var stats = await Api.GetAsync($"/api/v1/partners/{partnerId}/stats");
        Assert.Equal(1, stats.GetProperty("sales").GetInt64());
        Assert.Equal(10_000, stats.GetProperty("revenue").GetInt64());
    }

    [Fact]
    public async Task Unique_clicks_count_each_visitor_once_per_link_and_day()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        var code = (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;

        for (var i = 0; i < 3; i++)
        {
            await ApiClient.ClickAsync(Visitor, code);
        }

        var stats = await Eventually.ReturnsAsync(
            () => Api.GetAsync($"/api/v1/partners/{partnerId}/stats"),
            s => s.GetProperty("clicks").GetInt64() == 3);
        Assert.Equal(1, stats.GetProperty("uniqueClicks").GetInt64());
    }
}
