using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage.Tests;
using Xunit.Abstractions;

namespace Referrals.Server.Tests;

/// <summary>A partner's statement per period: through the API (JSON and CSV) and on the portal in a real Chromium.</summary>
public sealed class StatementTests(ITestOutputHelper output) : PageTest
{


    private static string ThisMonth => DateTime.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture);




    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Referrals:PublicBaseUrl"] = "https://go.example.com" };

    [Fact]
    public async Task A_statement_shows_sales_refunds_commissions_by_rule_the_tier_reached_and_what_the_next_needs()
    {
        var (programId, ada) = await TieredPartnerAsync();
        await SaleAsync(programId, "order-s1", 80_000);
        var refunded = await SaleAsync(programId, "order-s2", 40_000);
        await RefundAsync(programId, "refund-s2", 10_000, refunded);

        var statement = await Api.GetAsync($"/api/v1/partners/{ada}/statements/{ThisMonth}");

        Assert.Equal(ThisMonth, statement.GetProperty("period").GetString());
        Assert.False(statement.GetProperty("ended").GetBoolean());
        Assert.Equal(2, statement.GetProperty("sales").GetInt32());
        Assert.Equal(120_000, statement.GetProperty("revenue").GetInt64());
        Assert.Equal(1, statement.GetProperty("refunds").GetInt32());
        Assert.Equal(10_000, statement.GetProperty("refunded").GetInt64());
        Assert.Equal(11_000, statement.GetProperty("commissions").GetInt64());
        var percent = Assert.Single(statement.GetProperty("rules").EnumerateArray());
        Assert.Equal("percent", percent.GetProperty("rule").GetString());
        Assert.Equal(3, percent.GetProperty("entries").GetArrayLength());
        Assert.Contains(percent.GetProperty("entries").EnumerateArray(), entry => entry.GetProperty("explanation").GetString()!.StartsWith("10% of 800.00 EUR", StringComparison.Ordinal));
        var tier = statement.GetProperty("tier");
        Assert.Equal(110_000, tier.GetProperty("measure").GetInt64());
        Assert.Equal(15m, tier.GetProperty("percent").GetDecimal());
        Assert.Equal("1100.00 EUR in sales: the 15% tier.", tier.GetProperty("reached").GetString());
        Assert.Equal("3900.00 EUR more revenue this month for 20%.", tier.GetProperty("toNext").GetString());
        Assert.Equal(JsonValueKindNull, statement.GetProperty("payout").ValueKind);

        using var csv = await App.CreateAdminClient().GetAsync($"/api/v1/partners/{ada}/statements/{ThisMonth}/statement.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var rows = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(row => row.TrimEnd('\r')).ToArray();
        Assert.Equal("period,kind,date,rule,status,amount,currency,description", rows[0]);
        Assert.Equal(3, rows.Count(row => row.Contains(",commission,", StringComparison.Ordinal)));
        Assert.Contains(rows, row => row.StartsWith($"{ThisMonth},tier,", StringComparison.Ordinal) && row.Contains("3900.00 EUR more revenue this month for 20%.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_period_that_is_not_one_of_the_programs_or_an_unknown_partner_is_refused_with_a_problem()
    {
        var (_, ada) = await TieredPartnerAsync();

        var invalid = await Api.GetAsync($"/api/v1/partners/{ada}/statements/2026-W03", HttpStatusCode.BadRequest);
        var unknown = await Api.GetAsync($"/api/v1/partners/prt_nobody/statements/{ThisMonth}", HttpStatusCode.NotFound);

        Assert.Contains("period", invalid.GetProperty("errors").EnumerateObject().Select(error => error.Name));
        Assert.Equal(404, unknown.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_partner_opens_the_statement_of_a_period_from_the_portal_and_downloads_it()
    {
        var (programId, ada) = await TieredPartnerAsync();
        await SaleAsync(programId, "order-p1", 120_000);
        var url = (await Api.PostAsync($"/api/v1/partners/{ada}/portal-link", new { }, HttpStatusCode.OK)).GetProperty("url").GetString()!;
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(BaseUrl + new Uri(url).PathAndQuery);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open my portal" }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = $"Statement {ThisMonth}" }).ClickAsync();

        Assert.EndsWith($"/portal/statements/{ThisMonth}", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("[data-statement=sales]")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("[data-statement=revenue]")).ToHaveTextAsync("1200.00 EUR");
        await Assertions.Expect(page.Locator("[data-statement=tier]")).ToHaveTextAsync("1200.00 EUR in sales: the 15% tier.");
        await Assertions.Expect(page.Locator("[data-statement=next-tier]")).ToHaveTextAsync("3800.00 EUR more revenue this month for 20%.");
        await Assertions.Expect(page.Locator("[data-statement=payout]")).ToHaveTextAsync("No payout run for this period yet.");
        await Assertions.Expect(page.GetByText("10% of 1200.00 EUR")).ToBeVisibleAsync();
        output.WriteLine(await Chromium.ScreenshotAsync(page, "statement"));

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" }).ClickAsync());
        Assert.Equal($"statement-{ada}-{ThisMonth}.csv", download.SuggestedFilename);
        var text = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains($"{ThisMonth},commission,", text, StringComparison.Ordinal);

        var others = await page.GotoAsync($"{BaseUrl}/portal/statements/2026-W03");
        Assert.Equal(400, others!.Status);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    private async Task<(string ProgramId, string PartnerId)> TieredPartnerAsync()
    {
        var programId = await Api.CreateProgramAsync(new
        {
            kind = "percent",
            percent = 10,
            tiers = new object[] { new { percent = 10 }, new { fromRevenue = 100_000, percent = 15 }, new { fromRevenue = 500_000, percent = 20 } },
        });
        var ada = await Api.CreatePartnerAsync(programId);
        await Api.PostAsync($"/api/v1/programs/{programId}/codes", new { partnerId = ada, code = "ADA10" }, HttpStatusCode.Created);
        return (programId, ada);
    }

    private async Task<string> SaleAsync(string programId, string eventId, long amount)
    {
        var accepted = await Api.PostAsync(
            $"/api/v1/programs/{programId}/conversions",
            new { eventId, type = "sale", amount, currency = "EUR", customerId = "cus_" + eventId, code = "ADA10" },
            HttpStatusCode.Accepted);
        await Api.AttributedConversionAsync(programId, accepted.GetProperty("conversionId").GetString()!);
        return eventId;
    }

    private async Task RefundAsync(string programId, string eventId, long amount, string saleEventId)
    {
        var accepted = await Api.PostAsync(
            $"/api/v1/programs/{programId}/conversions",
            new { eventId, type = "refund", amount, currency = "EUR", customerId = "cus_" + saleEventId, originalEventId = saleEventId },
            HttpStatusCode.Accepted);
        await Api.AttributedConversionAsync(programId, accepted.GetProperty("conversionId").GetString()!);
    }
}
