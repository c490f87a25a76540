using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage.Tests;
using Xunit.Abstractions;

namespace Referrals.Server.Tests;

/// <summary>Joining in a real Chromium: apply, review on /manage, the welcome e-mail over SMTP, sign in, accept new terms.</summary>
public sealed partial class JoinPagesTests(ITestOutputHelper output) : PageTest, IDisposable
{
    private readonly SmtpCapture _smtp = new();





    public void Dispose() => _smtp.Dispose();

    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>(_smtp.Settings);

    [Fact]
    public async Task The_page_of_an_archived_program_says_politely_that_it_is_closed_and_shows_no_form()
    {
        var program = await Api.CreateProgramAsync();
        using (var terms = await Api.Client.PutAsJsonAsync($"/api/v1/programs/{program}/terms", new { text = "Version one: promote honestly." }))
        {
            Assert.Equal(HttpStatusCode.Created, terms.StatusCode);
        }

        using (var archived = await Api.Client.PostAsJsonAsync($"/api/v1/programs/{program}/archive", new { }))
        {
            Assert.Equal(HttpStatusCode.OK, archived.StatusCode);
        }

        var visitor = await (await Browser.NewContextAsync()).NewPageAsync();
        var response = await visitor.GotoAsync($"{BaseUrl}/join/test-program");

        Assert.Equal((int)HttpStatusCode.Gone, response!.Status);
        Assert.Equal("The Test program partner program is closed", await visitor.Locator("h1").InnerTextAsync());
        Assert.Contains("no longer takes applications", await visitor.Locator("[role=status]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await visitor.GetByLabel("Your name").CountAsync());
        await Chromium.ScreenshotAsync(visitor, "join-closed");
    }

    [Fact]
    public async Task A_person_applies_a_manager_approves_and_the_partner_signs_in_from_the_email_and_accepts_new_terms()
    {
        var program = await Api.CreateProgramAsync();
        using (var terms = await Api.Client.PutAsJsonAsync($"/api/v1/programs/{program}/terms", new { text = "Version one: promote honestly." }))
        {
            Assert.Equal(HttpStatusCode.Created, terms.StatusCode);
        }

        // Apply on the public page, without any JavaScript of ours.
        var applicant = await (await Browser.NewContextAsync()).NewPageAsync();
        await applicant.GotoAsync($"{BaseUrl}/join/test-program");
        await applicant.GetByLabel("Your name").FillAsync("Grace Hopper");
        await applicant.GetByLabel("E-mail", new() { Exact = true }).FillAsync("grace@example.com");
        await applicant.GetByLabel("Website or channels").FillAsync("https://grace.example.org");
        Assert.Contains("Version one: promote honestly.", await applicant.Locator(".terms-text").InnerTextAsync(), StringComparison.Ordinal);
        await applicant.GetByLabel("I accept the program terms (version 1)").CheckAsync();
        await Chromium.ScreenshotAsync(applicant, "join-form");
        await applicant.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        Assert.Contains("Thank you for applying", await applicant.Locator("[role=status]").InnerTextAsync(), StringComparison.Ordinal);

        // Review on /manage.
        var manager = await (await Browser.NewContextAsync()).NewPageAsync();
        await manager.GotoAsync($"{BaseUrl}/signin");
        await manager.GetByLabel("API key").FillAsync(ReferralsApp.AdminKey);
        await manager.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await manager.GotoAsync($"{BaseUrl}/manage/{program}");
        await manager.GetByRole(AriaRole.Link, new() { Name = "Applications and terms" }).ClickAsync();
        var application = manager.Locator("form.review", new() { HasText = "Grace Hopper" });
        await application.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        Assert.Contains("Grace Hopper is approved", await manager.Locator("[role=status]").InnerTextAsync(), StringComparison.Ordinal);
        output.WriteLine(await Chromium.ScreenshotAsync(manager, "manage-applications"));

        // The welcome e-mail arrives over SMTP with a working sign-in link.
        var welcome = await _smtp.WaitForAsync("grace@example.com", "Welcome to the Test program partner program");
        var signIn = SignInLink().Match(welcome.TextBody ?? string.Empty);
        Assert.True(signIn.Success, welcome.TextBody);
        var partner = await (await Browser.NewContextAsync()).NewPageAsync();
        await partner.GotoAsync(signIn.Value);
        await partner.GetByRole(AriaRole.Button, new() { Name = "Open my portal" }).ClickAsync();
        Assert.EndsWith("/portal", partner.Url, StringComparison.Ordinal);

        // New terms: the portal asks for them before anything else.
        using (var terms = await Api.Client.PutAsJsonAsync($"/api/v1/programs/{program}/terms", new { text = "Version two: also no coupon sites." }))
        {
            Assert.Equal(HttpStatusCode.Created, terms.StatusCode);
        }

        await partner.GotoAsync($"{BaseUrl}/portal");
        Assert.EndsWith("/portal/terms", partner.Url, StringComparison.Ordinal);
        Assert.Contains("Version two: also no coupon sites.", await partner.Locator(".terms-text").InnerTextAsync(), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(partner, "portal-new-terms");
        await partner.GetByRole(AriaRole.Button, new() { Name = "Accept the terms" }).ClickAsync();
        Assert.EndsWith("/portal", partner.Url, StringComparison.Ordinal);

        var partnerId = Assert.Single((await Api.GetAsync($"/api/v1/programs/{program}/applications?status=approved")).EnumerateArray()).GetProperty("partnerId").GetString();
        var agreement = (await Api.GetAsync($"/api/v1/partners/{partnerId}")).GetProperty("agreement");
        Assert.Equal(2, agreement.GetProperty("version").GetInt32());
        Assert.True(agreement.GetProperty("acceptedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));

        // The manager sees everyone on the current version now.
        await manager.ReloadAsync();
        Assert.Equal("current", await manager.Locator($"#agreements tr[data-partner='{partnerId}'] .status").InnerTextAsync());
    }

    [GeneratedRegex(@"https?://[^\s]+/portal/signin/[^\s]+")]
    private static partial Regex SignInLink();
}
