using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage.Tests;
using Xunit.Abstractions;

namespace Referrals.Server.Tests.Exports;

/// <summary>Finance's run page in a real Chromium: a paid run links its three exports and lists the lines missing payout details.</summary>
public sealed class PayoutExportPageTests(ITestOutputHelper output) : PageTest
{





    [Fact]
    public async Task A_paid_runs_page_links_its_exports_and_lists_the_partner_without_payout_details()
    {
        var setup = await PaidRunSetup.PaidAsync(App, Api);
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync($"{BaseUrl}/signin");
        await page.GetByLabel("API key").FillAsync(setup.FinanceKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.GotoAsync($"{BaseUrl}/finance/runs/{setup.RunId}");

        await Assertions.Expect(page.Locator("#export-paypal")).ToHaveTextAsync("PayPal Payouts batch (CSV)");
        await Assertions.Expect(page.Locator("#export-wise")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#export-journal")).ToBeVisibleAsync();
        var cy = page.Locator($"#missing-details tr[data-export='paypal'][data-partner='{setup.Cy}']");
        await Assertions.Expect(cy).ToContainTextAsync("No payout details.");
        await Assertions.Expect(cy).ToContainTextAsync("20.00 EUR");
        await Assertions.Expect(page.Locator("#missing-details tbody tr")).ToHaveCountAsync(4);
        output.WriteLine(await Chromium.ScreenshotAsync(page, "finance-exports"));
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-paypal").ClickAsync());
        var rows = CsvRows.Parse(await File.ReadAllTextAsync((await download.PathAsync())!));
        Assert.Equal($"paypal-{setup.RunId}.csv", download.SuggestedFilename);
        Assert.Equal([PaidRunSetup.AdaPayPal, "37.00", "EUR"], Assert.Single(rows)[..3]);
    }
}
