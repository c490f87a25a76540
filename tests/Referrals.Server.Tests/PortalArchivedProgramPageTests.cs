using System.Net;
using Microsoft.Playwright;
using Referrals.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Referrals.Server.Tests;

/// <summary>A partner of an archived program in the portal, in a real Chromium: the new-link page says the program is closed.</summary>
public sealed class PortalArchivedProgramPageTests(ITestOutputHelper output) : PageTest
{
    [Fact]
    public async Task The_new_link_page_of_an_archived_program_says_it_is_closed_with_410_and_a_form_sent_after_the_archive_stores_nothing()
    {
        var programId = await Api.CreateProgramAsync();
        var ada = await Api.CreatePartnerAsync(programId);
        var page = await SignInByLinkAsync(ada);
        var open = await page.GotoAsync($"{BaseUrl}/portal/links/new");
        await page.GetByLabel("Page to link to").FillAsync("https://shop.example.com/pricing");
        var links = (await Api.GetAsync($"/api/v1/programs/{programId}/links?partnerId={ada}")).GetArrayLength();
        await Api.PostAsync($"/api/v1/programs/{programId}/archive", new { }, HttpStatusCode.OK);

        var sent = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Create link" }).ClickAsync(),
            response => response.Request.Method == "POST" && response.Url.EndsWith("/portal/links/new", StringComparison.Ordinal));
        var sentText = await page.GetByRole(AriaRole.Status).InnerTextAsync();
        var again = await page.GotoAsync($"{BaseUrl}/portal/links/new");

        Assert.Equal(200, open!.Status);
        Assert.Equal(410, sent.Status);
        Assert.Contains("partner program is closed", sentText, StringComparison.Ordinal);
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Create link" }).CountAsync());
        Assert.Equal(410, again!.Status);
        Assert.Contains("takes no new links", await page.Locator("#program-closed").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(links, (await Api.GetAsync($"/api/v1/programs/{programId}/links?partnerId={ada}")).GetArrayLength());
        await page.GotoAsync($"{BaseUrl}/portal");
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "New link" }).CountAsync());
        Assert.Contains("is closed", await page.Locator("[data-portal='archived']").InnerTextAsync(), StringComparison.Ordinal);
        output.WriteLine(await Chromium.ScreenshotAsync(page, "portal-new-link-closed"));
    }
}
