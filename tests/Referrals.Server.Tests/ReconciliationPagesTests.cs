using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage.Tests;
using Xunit.Abstractions;

namespace Referrals.Server.Tests;

/// <summary>Finance's reconciliation pages in a real Chromium against the real server on a loopback socket.</summary>
public sealed class ReconciliationPagesTests(ITestOutputHelper output) : PageTest
{





    [Fact]
    public async Task Finance_sees_the_missing_payment_replays_it_and_downloads_the_lines()
    {
        var programId = await Api.CreateProgramAsync(new { kind = "percent", percent = 20 });
        var created = DateTimeOffset.UtcNow.AddMinutes(-3).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        using var body = new StringContent($"id,Created (UTC),Amount,Amount Refunded,Currency,Status,Customer ID,PaymentIntent ID\nch_lost,{created},25.00,0.00,eur,Paid,cus_9,pi_lost\n", Encoding.UTF8, "text/csv");
        using var upload = await Api.Client.PostAsync($"/api/v1/programs/{programId}/reconciliations", body);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var id = JsonDocument.Parse(await upload.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var financeKey = (await Api.PostAsync("/api/v1/keys", new { role = "finance", name = "Erin" }, HttpStatusCode.Created)).GetProperty("key").GetString()!;
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync($"{BaseUrl}/signin");
        await page.GetByLabel("API key").FillAsync(financeKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.GotoAsync($"{BaseUrl}/finance/programs/{programId}/reconciliations");
        await page.GetByRole(AriaRole.Link, new() { Name = id }).ClickAsync();
        await Assertions.Expect(page.Locator("#items")).ToContainTextAsync("pi_lost");
        await Assertions.Expect(page.Locator("a[data-category=missing]")).ToHaveTextAsync("missing: 1");
        await page.Locator("#replay").ClickAsync();

        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("1 recorded now");
        await Assertions.Expect(page.Locator("#items")).ToContainTextAsync("cv_");
        output.WriteLine(await Chromium.ScreenshotAsync(page, "finance-reconciliation"));
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download").ClickAsync());
        var lines = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("category,payment_id", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("missing,pi_lost,2,", Assert.Single(lines[1..]), StringComparison.Ordinal);
        var conversions = await Api.GetAsync($"/api/v1/programs/{programId}/conversions");
        Assert.Single(conversions.EnumerateArray());
    }
}
