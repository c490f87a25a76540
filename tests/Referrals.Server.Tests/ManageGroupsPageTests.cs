using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Referrals.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Referrals.Server.Tests;

/// <summary>The manager's groups page in a real Chromium: partners with a plan of their own next to the groups' plans.</summary>
public sealed class ManageGroupsPageTests(ITestOutputHelper output) : PageTest
{
    [Fact]
    public async Task The_groups_page_lists_partners_whose_own_plan_is_in_force_with_its_version_description_and_time()
    {
        var programId = await Api.CreateProgramAsync(new { kind = "percent", percent = 20 });
        var ada = await Api.CreatePartnerAsync(programId);
        var bob = await Api.CreatePartnerAsync(programId, "bob@example.com");
        var page = await SignInAsManagerAsync();
        await page.GotoAsync($"{BaseUrl}/manage/{programId}/groups");
        var noneBefore = await page.Locator("#no-own-plans").IsVisibleAsync();

        await SetPlanAsync(HttpMethod.Put, ada, new { kind = "percent", percent = 30 });
        await SetPlanAsync(HttpMethod.Put, ada, new { kind = "percent", percent = 35 });
        await SetPlanAsync(HttpMethod.Put, bob, new { kind = "flat", amount = 1_500 });
        await SetPlanAsync(HttpMethod.Delete, bob);
        var since = (await Api.GetAsync($"/api/v1/partners/{ada}/group")).GetProperty("ownPlans")[1].GetProperty("effectiveFrom").GetDateTimeOffset();
        await page.ReloadAsync();

        Assert.True(noneBefore);
        var row = page.Locator("#own-plans tbody tr");
        Assert.Equal(1, await row.CountAsync());
        Assert.Equal(ada, await row.GetAttributeAsync("data-own-plan"));
        var cells = await row.Locator("td").AllInnerTextsAsync();
        Assert.Equal(("Ada " + ada, "2"), (cells[0].Trim(), cells[2].Trim()));
        Assert.StartsWith("35% of every sale", cells[1], StringComparison.Ordinal);
        Assert.Equal(since.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC", cells[3].Trim());
        Assert.Contains("20% of every sale", await page.Locator("#groups tr[data-group='default']").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("(own plan)", await page.Locator($"#members tr[data-partner='{ada}'] td.group").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("(own plan)", await page.Locator($"#members tr[data-partner='{bob}'] td.group").InnerTextAsync(), StringComparison.Ordinal);
        output.WriteLine(await Chromium.ScreenshotAsync(page, "manage-groups-own-plans"));
    }

    private async Task<IPage> SignInAsManagerAsync()
    {
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync($"{BaseUrl}/signin");
        await page.GetByLabel("API key").FillAsync(ReferralsApp.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        return page;
    }

    private async Task SetPlanAsync(HttpMethod method, string partnerId, object? plan = null)
    {
        using var request = new HttpRequestMessage(method, $"/api/v1/partners/{partnerId}/plan") { Content = plan is null ? null : JsonContent.Create(plan) };
        using var response = await Api.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
