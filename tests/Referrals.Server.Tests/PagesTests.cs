using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Referrals.Core;
using Referrals.Core.Commissions;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage;
using Referrals.Storage.Commissions;
using Referrals.Storage.Tests;
using Xunit.Abstractions;

namespace Referrals.Server.Tests;

/// <summary>The partner portal, the manager's and finance's pages in a real Chromium against the real server on a loopback socket.</summary>
public sealed class PagesTests(ITestOutputHelper output) : PageTest
{
    private NoticeListener? _notices;



    // Finance's notices (with the runs' signed decision links) go to a listener, as they would to a mailer.
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Referrals:Payouts:NotifyUrl"] = _notices!.Url,
        ["Referrals:PublicBaseUrl"] = "https://go.example.com",
    };

    protected override async Task StartHelpersAsync()
    {
        _notices = await NoticeListener.StartAsync();
        output.WriteLine($"screenshots: {Chromium.ScreenshotFolder}");
    }

    protected override async Task StopHelpersAsync()
    {
        if (_notices is not null)
        {
            await _notices.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_partner_signs_in_by_link_and_sees_their_numbers_and_chart()
    {
        var program = await Api.CreateProgramAsync(plan: new { kind = "percent", percent = 20, recurringMonths = 6 });
        var ada = await Api.CreatePartnerAsync(program, "ada@example.com");
        var code = (await Api.CreateLinkAsync(program, ada)).GetProperty("code").GetString()!;
        using var visitor = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(BaseUrl) };
        visitor.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36");
        var click = await ApiClient.ClickAsync(visitor, code);
        var sale = await Api.RecordSaleAsync(program, "order-1", 4_999, clickId: click);
        await Api.AttributedConversionAsync(program, sale.GetProperty("conversionId").GetString()!);
        var url = (await Api.PostAsync($"/api/v1/partners/{ada}/portal-link", new { }, HttpStatusCode.OK)).GetProperty("url").GetString()!;
        var page = await (await Browser.NewContextAsync()).NewPageAsync();

        await page.GotoAsync(Local(url));
        await Chromium.ScreenshotAsync(page, "portal-sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open my portal" }).ClickAsync();

        Assert.EndsWith("/portal", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("[data-metric=clicks]")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("[data-metric=sales]")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("[data-metric=revenue]")).ToHaveTextAsync("49.99 EUR");
        await Assertions.Expect(page.Locator("[data-metric=earnings]")).ToHaveTextAsync("10.00 EUR");
        await Assertions.Expect(page.Locator("svg.chart rect.clicks")).ToHaveCountAsync(30);
        await Assertions.Expect(page.Locator("svg.chart circle.sales")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByText("20% of 49.99 EUR")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("ul.rules")).ToContainTextAsync("You earn 20% of every payment, renewals included, for 6 months");
        await Assertions.Expect(page.Locator($"input[value$='/r/{code}']")).ToBeVisibleAsync();
        output.WriteLine(await Chromium.ScreenshotAsync(page, "portal"));

        await page.GotoAsync($"{BaseUrl}/portal?days=90");
        await Assertions.Expect(page.Locator("svg.chart rect.clicks")).ToHaveCountAsync(90);
    }

    [Fact]
    public async Task Another_partners_data_is_not_reachable_by_url()
    {
        var program = await Api.CreateProgramAsync();
        var ada = await Api.CreatePartnerAsync(program, "ada@example.com");
        var bob = await Api.CreatePartnerAsync(program, "bob@example.com");
        await Api.CreateLinkAsync(program, ada, "https://shop.example.com/ada-only");
        var page = await SignInByLinkAsync(bob);

        await page.GotoAsync($"{BaseUrl}/portal?partnerId={ada}&partner={ada}");
        Assert.DoesNotContain("ada-only", await page.ContentAsync(), StringComparison.Ordinal);
        var manage = await page.GotoAsync($"{BaseUrl}/manage/{program}");
        var finance = await page.GotoAsync($"{BaseUrl}/finance");
        var api = await page.GotoAsync($"{BaseUrl}/api/v1/partners/{ada}/stats");

        Assert.Equal(403, manage!.Status);
        Assert.Equal(403, finance!.Status);
        Assert.Equal(401, api!.Status);
        await Chromium.ScreenshotAsync(page, "partner-denied");
    }

    [Fact]
    public async Task A_partner_sees_a_QR_code_of_each_link()
    {
        var program = await Api.CreateProgramAsync();
        var ada = await Api.CreatePartnerAsync(program, "ada@example.com");
        await Api.CreateLinkAsync(program, ada);
        var page = await SignInByLinkAsync(ada);

        await page.GotoAsync($"{BaseUrl}/portal");
        await page.GetByText("QR code").ClickAsync();

        await Assertions.Expect(page.Locator("details.qr svg")).ToBeVisibleAsync();
        output.WriteLine(await Chromium.ScreenshotAsync(page, "portal-qr-code"));
    }

    [Fact]
    public async Task A_sign_in_link_opens_one_session_and_a_suspended_partner_gets_none()
    {
        var program = await Api.CreateProgramAsync();
        var ada = await Api.CreatePartnerAsync(program, "ada@example.com");
        var url = Local((await Api.PostAsync($"/api/v1/partners/{ada}/portal-link", new { }, HttpStatusCode.OK)).GetProperty("url").GetString()!);
        var first = await (await Browser.NewContextAsync()).NewPageAsync();
        await first.GotoAsync(url);
        await first.GetByRole(AriaRole.Button, new() { Name = "Open my portal" }).ClickAsync();
        var second = await (await Browser.NewContextAsync()).NewPageAsync();
        await second.GotoAsync(url);

        var reused = await second.RunAndWaitForResponseAsync(() => second.GetByRole(AriaRole.Button, new() { Name = "Open my portal" }).ClickAsync(), response => response.Request.Method == "POST");
        var tampered = await second.GotoAsync(url[..^3] + "xyz");

        Assert.Equal(410, reused.Status);
        Assert.Equal(400, tampered!.Status);
        await Api.PostAsync($"/api/v1/partners/{ada}/status", new { status = "suspended" }, HttpStatusCode.OK);
        await Api.PostAsync($"/api/v1/partners/{ada}/portal-link", new { }, HttpStatusCode.Conflict);
        await first.GotoAsync($"{BaseUrl}/portal");
        Assert.Contains("/signin", first.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manager_suspends_a_partner_and_the_partners_session_ends()
    {
        var program = await Api.CreateProgramAsync();
        var ada = await Api.CreatePartnerAsync(program, "ada@example.com");
        var bob = await Api.CreatePartnerAsync(program, "bob@example.com");
        var bobsPage = await SignInByLinkAsync(bob);
        var page = await SignInWithKeyAsync(ReferralsApp.AdminKey);
        await Api.PutAsync($"/api/v1/programs/{program}/plan", new { kind = "percent", percent = 25 });

        await page.GotoAsync($"{BaseUrl}/manage");
        await Assertions.Expect(page.Locator($"a[href='/manage/{program}'] + .hint")).ToContainTextAsync("25%");
        await page.GetByRole(AriaRole.Link, new() { Name = "Test program" }).ClickAsync();
        await Chromium.ScreenshotAsync(page, "manage-before");
        await page.Locator($"tr[data-partner='{bob}']").GetByRole(AriaRole.Button, new() { Name = "Suspend" }).ClickAsync();

        await Assertions.Expect(page.Locator($"tr[data-partner='{bob}'] td.status")).ToHaveTextAsync("suspended");
        await Assertions.Expect(page.Locator($"tr[data-partner='{ada}'] td.status")).ToHaveTextAsync("active");
        output.WriteLine(await Chromium.ScreenshotAsync(page, "manage"));
        Assert.Equal("suspended", (await Api.GetAsync($"/api/v1/partners/{bob}")).GetProperty("status").GetString());
        await bobsPage.GotoAsync($"{BaseUrl}/portal");
        Assert.Contains("/signin", bobsPage.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manager_sees_the_ignored_webhook_events_with_their_reasons()
    {
        var program = await Api.CreateProgramAsync();
        await SignedWebhooks.ConfigureAsync(Api, program, Referrals.Core.Webhooks.WebhookProvider.Stripe);
        await new SignedWebhooks(Visitor).DeliverAsync(Referrals.Core.Webhooks.WebhookProvider.Stripe, program, SignedWebhooks.Serialize(new { id = "evt_unused", type = "customer.created", created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), data = new { @object = new { id = "cus_1" } } }));
        var page = await SignInWithKeyAsync(ReferralsApp.AdminKey);

        await page.GotoAsync($"{BaseUrl}/manage/{program}");

        var row = page.Locator("#ignored-events tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("evt_unused");
        await Assertions.Expect(row).ToContainTextAsync("customer.created");
        output.WriteLine(await Chromium.ScreenshotAsync(page, "manage-ignored-events"));
    }

    [Fact]
    public async Task Finance_approves_a_run_with_one_line_held_and_the_runs_csv_appears()
    {
        var (program, ada, bob) = await ProgramWithEarningsAsync();
        var runId = (await Api.PostAsync($"/api/v1/programs/{program}/payout-runs", new { periodEnd = DateTimeOffset.UtcNow.AddSeconds(-1) }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var financeKey = (await Api.PostAsync("/api/v1/keys", new { role = "finance", name = "Erin" }, HttpStatusCode.Created)).GetProperty("key").GetString()!;
        var page = await SignInWithKeyAsync(financeKey);

        Assert.EndsWith("/finance", page.Url, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Link, new() { Name = runId }).ClickAsync();
        await Chromium.ScreenshotAsync(page, "finance-run");
        var bobsLine = page.Locator($"tr[data-partner='{bob}']");
        await bobsLine.GetByRole(AriaRole.Checkbox).CheckAsync();
        await bobsLine.GetByRole(AriaRole.Textbox).FillAsync("Tax form missing");
        await page.Locator("textarea[name=reason]").FillAsync("Matches the ledger");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve (pay all lines not held)" }).ClickAsync();

        await Assertions.Expect(page.Locator("h1 .state")).ToHaveTextAsync("paid");
        await Assertions.Expect(page.Locator($"tr[data-partner='{bob}'] td.status")).ToContainTextAsync("Tax form missing");
        await Assertions.Expect(page.Locator(".timeline")).ToContainTextAsync("Matches the ledger");
        output.WriteLine(await Chromium.ScreenshotAsync(page, "finance-paid"));
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#payout-file").ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("partner,email,amount,currency,reference", rows[0]);
        Assert.StartsWith($"{ada},ada@example.com,37.00,EUR,", Assert.Single(rows[1..]), StringComparison.Ordinal);
        var run = await Api.GetAsync($"/api/v1/payout-runs/{runId}");
        Assert.Equal("paid", run.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Finance_decides_a_run_from_its_notices_link_once_and_the_link_opens_no_other_run()
    {
        var (program, ada, bob) = await ProgramWithEarningsAsync();
        var runId = await StartRunAsync(program);
        var otherRunId = await StartRunAsync((await ProgramWithEarningsAsync()).Program);
        var notice = _notices!.Notices.Single(n => n.GetProperty("runId").GetString() == runId && n.GetProperty("type").GetString() == "payout-run.decisionrequested");
        var approveUrl = Local(notice.GetProperty("approveUrl").GetString()!);
        var page = await (await Browser.NewContextAsync()).NewPageAsync();

        var opened = await page.GotoAsync(approveUrl);

        Assert.Equal(200, opened!.Status);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Payout run");
        await Assertions.Expect(page.Locator("h1 .state")).ToHaveTextAsync("awaitingdecision");
        await Assertions.Expect(page.Locator("#lines tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".metrics")).ToContainTextAsync("51.00 EUR");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Reject the run" })).ToHaveCountAsync(0);
        Assert.Equal("awaitingDecision", (await Api.GetAsync($"/api/v1/payout-runs/{runId}")).GetProperty("state").GetString());
        await Chromium.ScreenshotAsync(page, "decision-link");

        var bobsLine = page.Locator($"tr[data-partner='{bob}']");
        await bobsLine.GetByRole(AriaRole.Checkbox).CheckAsync();
        await bobsLine.GetByRole(AriaRole.Textbox).FillAsync("Tax form missing");
        await page.Locator("textarea[name=reason]").FillAsync("Approved from the notice");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve (pay all lines not held)" }).ClickAsync();

        await Assertions.Expect(page.Locator("h1 .state")).ToHaveTextAsync("paid");
        await Assertions.Expect(page.Locator($"tr[data-partner='{bob}'] td.status")).ToContainTextAsync("Tax form missing");
        await Assertions.Expect(page.Locator($"tr[data-partner='{ada}'] td.status")).ToContainTextAsync("paid");
        await Assertions.Expect(page.Locator(".timeline")).ToContainTextAsync("finance (decision link");
        output.WriteLine(await Chromium.ScreenshotAsync(page, "decision-link-decided"));
        var run = await Api.GetAsync($"/api/v1/payout-runs/{runId}");
        Assert.Equal("paid", run.GetProperty("state").GetString());
        var decision = Assert.Single(run.GetProperty("timeline").EnumerateArray(), step => step.GetProperty("event").GetString() == "partially approved");
        Assert.StartsWith("Approved from the notice", decision.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("finance (decision link ", decision.GetProperty("actor").GetString(), StringComparison.Ordinal);

        var again = await page.GotoAsync(approveUrl);
        Assert.Equal(409, again!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Already decided");
        await Chromium.ScreenshotAsync(page, "decision-link-used");

        var token = approveUrl[(approveUrl.LastIndexOf('/') + 1)..];
        var altered = await page.GotoAsync($"{BaseUrl}/payout-decisions/{(token[0] == 'A' ? 'B' : 'A')}{token[1..]}");
        Assert.Equal(400, altered!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Invalid link");

        await page.GotoAsync($"{BaseUrl}/finance/runs/{otherRunId}?link={token}");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        await page.GotoAsync($"{BaseUrl}/finance");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), cookie => cookie.Name == "referrals-session");
        Assert.Equal("awaitingDecision", (await Api.GetAsync($"/api/v1/payout-runs/{otherRunId}")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_form_post_without_its_antiforgery_token_is_refused_with_400()
    {
        using var client = App.CreateClient();

        using var response = await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = ReferralsApp.AdminKey }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(cookie => cookie.StartsWith("referrals-session", StringComparison.Ordinal)));
    }

    private async Task<string> StartRunAsync(string program) =>
        (await Api.PostAsync($"/api/v1/programs/{program}/payout-runs", new { periodEnd = DateTimeOffset.UtcNow.AddSeconds(-1) }, HttpStatusCode.Created)).GetProperty("id").GetString()!;

    private async Task<IPage> SignInWithKeyAsync(string key)
    {
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync($"{BaseUrl}/signin");
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        return page;
    }

    private async Task<(string Program, string Ada, string Bob)> ProgramWithEarningsAsync()
    {
        var program = (await Api.PostAsync("/api/v1/programs", new
        {
            name = "Payouts",
            currency = "EUR",
            allowedHosts = new[] { "shop.example.com" },
            plan = new { kind = "percent", percent = 20 },
            holdDays = 0,
        }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var ada = await Api.CreatePartnerAsync(program, "ada@example.com");
        var bob = await Api.CreatePartnerAsync(program, "bob@example.com");
        var store = new TableCommissionStore(new StorageAccount(new StorageOptions { ConnectionString = App.ConnectionString, Prefix = App.Prefix }));
        var earned = DateTimeOffset.UtcNow.AddDays(-1);
        foreach (var (partner, amount, n) in new[] { (ada, 2_500L, 1), (ada, 1_200L, 2), (bob, 1_400L, 3) })
        {
            var conversionId = Identifiers.New("cv");
            await store.TryCreateAsync(
                new Commission(Commission.IdFor(conversionId), program, partner, conversionId, CommissionStatus.Pending, new Money(amount, "EUR"), new Money(amount * 5, "EUR"), CommissionPlanKind.Percent, 20m, $"sale {n}", earned),
                default);
        }

        return (program, ada, bob);
    }
}
