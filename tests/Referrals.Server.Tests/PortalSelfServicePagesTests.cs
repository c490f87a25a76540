using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage.Tests;
using Xunit.Abstractions;

namespace Referrals.Server.Tests;

/// <summary>A partner edits their profile, payout details and links in the portal, in a real Chromium against the real server.</summary>
public sealed class PortalSelfServicePagesTests(ITestOutputHelper output) : PageTest
{



    protected override Task StartHelpersAsync()
    {
        output.WriteLine($"screenshots: {Chromium.ScreenshotFolder}");
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_partner_edits_their_profile_in_the_portal()
    {
        var program = await Api.CreateProgramAsync();
        var ada = await Api.CreatePartnerAsync(program);
        var page = await SignInByLinkAsync(ada);

        await page.GetByRole(AriaRole.Link, new() { Name = "Profile and payout details" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("Ada King");
        await page.GetByLabel("Website").FillAsync("https://ada.example.com");
        await page.GetByLabel("Country (two letters)").FillAsync("gb");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();

        Assert.Equal("Your profile is saved.", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        var profile = await Api.GetAsync($"/api/v1/partners/{ada}/profile");
        Assert.Equal(("Ada King", "GB"), (profile.GetProperty("name").GetString(), profile.GetProperty("country").GetString()));
        output.WriteLine(await Chromium.ScreenshotAsync(page, "portal-profile"));
    }

    [Fact]
    public async Task A_partner_sets_payout_details_and_sees_them_masked_after_a_refused_iban()
    {
        var program = await Api.CreateProgramAsync();
        var ada = await Api.CreatePartnerAsync(program);
        var page = await SignInByLinkAsync(ada);
        await page.GotoAsync($"{BaseUrl}/portal/account");

        await page.GetByLabel("Bank transfer").CheckAsync();
        await page.GetByLabel("IBAN (bank or Wise)").FillAsync("DE88 3704 0044 0532 0130 00");
        await page.GetByLabel("Account holder").FillAsync("Ada Lovelace");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Save payout details" }).ClickAsync(), response => response.Request.Method == "POST");
        Assert.Equal((int)HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("valid IBAN", await page.Locator("[data-error=iban]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.False((await Api.GetAsync($"/api/v1/partners/{ada}/payout-details")).GetProperty("configured").GetBoolean());

        await page.GetByLabel("IBAN (bank or Wise)").FillAsync("DE89 3704 0044 0532 0130 00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save payout details" }).ClickAsync();

        Assert.Equal("Bank transfer DE** **** 3000 (Ada Lovelace)", await page.Locator("[data-payout-details]").InnerTextAsync());
        Assert.DoesNotContain("0532 0130", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal("bank", (await Api.GetAsync($"/api/v1/partners/{ada}/payout-details")).GetProperty("method").GetString());
        output.WriteLine(await Chromium.ScreenshotAsync(page, "portal-payout-details"));
    }

    [Fact]
    public async Task A_partner_creates_a_link_to_an_allowed_destination_and_finds_it_in_the_portal()
    {
        var program = await Api.CreateProgramAsync();
        var ada = await Api.CreatePartnerAsync(program);
        var page = await SignInByLinkAsync(ada);
        await page.GetByRole(AriaRole.Link, new() { Name = "New link" }).ClickAsync();

        await page.GetByLabel("Page to link to").FillAsync("https://evil.example.net/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create link" }).ClickAsync();
        Assert.Contains("not on this program's allowed hosts", await page.Locator("[data-error=destination]").InnerTextAsync(), StringComparison.Ordinal);

        await page.GetByLabel("Page to link to").FillAsync("https://shop.example.com/pricing");
        await page.GetByLabel("Campaign (optional)").FillAsync("spring");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create link" }).ClickAsync();
        var created = await page.GetByLabel("Your new link").InputValueAsync();
        Assert.Matches("/r/[A-Za-z0-9]+$", created);

        await page.GotoAsync($"{BaseUrl}/portal");
        Assert.Contains(created, await page.Locator("ul.links input").EvaluateAllAsync<string[]>("inputs => inputs.map(input => input.value)"));
        using var visitor = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        visitor.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36");
        using var redirect = await visitor.GetAsync(BaseUrl + new Uri(created).PathAndQuery);
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.StartsWith("https://shop.example.com/pricing", redirect.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manager_moves_a_partner_to_a_group_on_the_manage_pages_and_the_move_is_audited()
    {
        var program = await Api.CreateProgramAsync();
        var ada = await Api.CreatePartnerAsync(program);
        var vip = (await Api.PostAsync($"/api/v1/programs/{program}/groups", new { name = "VIP", plan = new { kind = "percent", percent = 35 } }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync($"{BaseUrl}/signin");
        await page.GetByLabel("API key").FillAsync(ReferralsApp.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GotoAsync($"{BaseUrl}/manage/{program}");

        await page.GetByRole(AriaRole.Link, new() { Name = "Groups and plans" }).ClickAsync();
        await page.GetByLabel("Group for Ada").SelectOptionAsync(vip);
        await page.GetByLabel("Reason for moving Ada").FillAsync("top seller");
        await page.GetByRole(AriaRole.Button, new() { Name = "Move" }).ClickAsync();

        Assert.Contains("is moved", await page.GetByRole(AriaRole.Status).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("VIP", await page.Locator($"tr[data-partner='{ada}'] td.group").InnerTextAsync());
        var audit = Assert.Single((await Api.GetAsync($"/api/v1/partners/{ada}/group")).GetProperty("moves").EnumerateArray());
        Assert.Equal((vip, "top seller"), (audit.GetProperty("toGroupId").GetString(), audit.GetProperty("reason").GetString()));
        output.WriteLine(await Chromium.ScreenshotAsync(page, "manage-groups"));
    }

    [Fact]
    public async Task How_you_earn_shows_the_plan_in_force_for_the_partner_not_the_plan_the_program_was_made_with()
    {
        var programId = await Api.CreateProgramAsync(new { kind = "percent", percent = 20 });
        var ada = await Api.CreatePartnerAsync(programId);
        var bob = await Api.CreatePartnerAsync(programId, "bob@example.com");
        using (var programPlan = await Api.Client.PutAsJsonAsync($"/api/v1/programs/{programId}/plan", new { kind = "percent", percent = 25, tiers = new object[] { new { percent = 25 }, new { fromRevenue = 500_000, percent = 30 } } }))
        {
            Assert.Equal(HttpStatusCode.OK, programPlan.StatusCode);
        }

        using (var own = await Api.Client.PutAsJsonAsync($"/api/v1/partners/{ada}/plan", new { kind = "percent", percent = 35 }))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        var adaPage = await SignInByLinkAsync(ada);
        var adaRules = await adaPage.Locator("ul.rules").InnerTextAsync();
        var bobPage = await SignInByLinkAsync(bob);
        var bobRules = await bobPage.Locator("ul.rules").InnerTextAsync();

        Assert.Contains("You earn under version 1 of the partner's own plan.", adaRules, StringComparison.Ordinal);
        Assert.Contains("You earn 35% of every payment", adaRules, StringComparison.Ordinal);
        Assert.DoesNotContain("20%", adaRules, StringComparison.Ordinal);
        Assert.Contains("You earn under version 2 of the program's plan.", bobRules, StringComparison.Ordinal);
        Assert.Contains("You earn 25% of every payment", bobRules, StringComparison.Ordinal);
        Assert.Contains("25% → 30% from 5000.00 EUR", bobRules, StringComparison.Ordinal);
        Assert.Contains("began before they were set, so it earns no tier.", bobRules, StringComparison.Ordinal);
        Assert.DoesNotContain("earns no tier", adaRules, StringComparison.Ordinal);
        output.WriteLine(await Chromium.ScreenshotAsync(adaPage, "portal-own-plan"));
    }
}
