using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Referrals.Core.Webhooks;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage.Tests;

namespace Referrals.Server.Tests;

/// <summary>
/// The first-party script on a shop's page, in a real Chromium: the shop is served from another origin
/// (<c>shop.test</c> on a port of its own, resolved to 127.0.0.1 by the browser), the script and the API
/// from the referrals server.
/// </summary>
public sealed class ShopScriptTests : PageTest
{
    private const string ShopHost = "shop.test";
    private const string ForeignHost = "elsewhere.test";

    private TestShop? _shop;


    private string ShopOrigin => $"http://{ShopHost}:{_shop!.Port}";




    // Both shop names lead to the loopback shop server; nothing else resolves, so the page reaches no other address.
    protected override string[] BrowserArguments => [$"--host-resolver-rules=MAP {ShopHost} 127.0.0.1, MAP {ForeignHost} 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"];

    protected override async Task StartHelpersAsync() => _shop = await TestShop.StartAsync();

    protected override async Task StopHelpersAsync()
    {
        if (_shop is not null)
        {
            await _shop.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_visit_with_via_records_one_click_keeps_it_on_the_shop_origin_and_its_sale_is_attributed()
    {
        var (programId, partnerId, code) = await ProgramWithLinkAsync();
        await SignedWebhooks.ConfigureAsync(Api, programId, WebhookProvider.Stripe);
        _shop!.Page = _ => TestShop.PageWithScript(BaseUrl, programId);
        var context = await NewVisitorAsync();
        var page = await context.NewPageAsync();
        var posts = 0;
        page.Request += (_, request) => posts += request.Method == "POST" && request.Url.EndsWith("/clicks", StringComparison.Ordinal) ? 1 : 0;

        await page.GotoAsync($"{ShopOrigin}/pricing?via={code}");
        var clickId = await ClickIdAsync(page);

        var click = await Api.GetAsync($"/api/v1/clicks/{clickId}");
        Assert.Equal(partnerId, click.GetProperty("partnerId").GetString());
        Assert.False(click.GetProperty("isBot").GetBoolean());
        Assert.Equal(clickId, await CookieAsync(context, ShopOrigin));
        Assert.Null(await CookieAsync(context, BaseUrl));
        Assert.Contains($"ref_click={Uri.EscapeDataString(clickId)}", page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("via=", page.Url, StringComparison.Ordinal);

        await page.ReloadAsync();
        Assert.Equal(clickId, await ClickIdAsync(page));
        Assert.Equal(1, posts);
        Assert.Equal(1, await ClickRowsAsync());

        // The Payment Link on the page now carries the click to Stripe, which sends it back with the sale.
        var href = await page.GetAttributeAsync("#buy", "href");
        var reference = System.Web.HttpUtility.ParseQueryString(new Uri(href!).Query)["client_reference_id"]!;
        var hooks = new SignedWebhooks(Api.Client);
        var sale = await hooks.DeliverAsync(WebhookProvider.Stripe, programId, SignedWebhooks.StripeCheckout("evt_script_sale", amountTotal: 4_999, tax: 0, clickId: reference));
        var conversion = await Api.AttributedConversionAsync(programId, sale.GetProperty("conversionId").GetString()!);
        Assert.Equal(partnerId, conversion.GetProperty("attribution").GetProperty("partnerId").GetString());
        Assert.Equal(clickId, conversion.GetProperty("attribution").GetProperty("clickId").GetString());
    }

    [Fact]
    public async Task A_click_id_from_the_redirect_is_kept_without_recording_another_click()
    {
        var (programId, _, code) = await ProgramWithLinkAsync();
        _shop!.Page = _ => TestShop.PageWithScript(BaseUrl, programId);
        var context = await NewVisitorAsync();
        var page = await context.NewPageAsync();
        var posts = 0;
        page.Request += (_, request) => posts += request.Method == "POST" && request.Url.EndsWith("/clicks", StringComparison.Ordinal) ? 1 : 0;

        await page.GotoAsync($"{BaseUrl}/r/{code}");
        var clickId = await ClickIdAsync(page);

        Assert.StartsWith($"{ShopOrigin}/landing?ref_click=", page.Url, StringComparison.Ordinal);
        Assert.StartsWith(code + ".", clickId, StringComparison.Ordinal);
        Assert.Equal(clickId, await CookieAsync(context, ShopOrigin));
        Assert.Equal(0, posts);
        Assert.Equal(1, await ClickRowsAsync());
    }

    [Fact]
    public async Task In_consent_mode_no_cookie_exists_until_consent_yet_checkout_gets_the_click()
    {
        var (programId, _, code) = await ProgramWithLinkAsync();
        _shop!.Page = _ => TestShop.PageWithScript(BaseUrl, programId, consentRequired: true);
        var context = await NewVisitorAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync($"{ShopOrigin}/pricing?via={code}");
        var clickId = await ClickIdAsync(page);

        Assert.Empty(await context.CookiesAsync([ShopOrigin]));
        Assert.Contains("client_reference_id=" + clickId.Replace('.', '_'), await page.GetAttributeAsync("#buy", "href"), StringComparison.Ordinal);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => localStorage.length + sessionStorage.length"));

        await page.EvaluateAsync("() => referrals.consent(true)");

        Assert.Equal(clickId, await CookieAsync(context, ShopOrigin));
    }

    [Fact]
    public async Task In_consent_mode_Google_Consent_Mode_granting_analytics_storage_sets_the_cookie()
    {
        var (programId, _, code) = await ProgramWithLinkAsync();
        const string ConsentDefault = "<script>window.dataLayer = window.dataLayer || []; function gtag() { dataLayer.push(arguments); } gtag('consent', 'default', { analytics_storage: 'denied' });</script>";
        _shop!.Page = _ => TestShop.PageWithScript(BaseUrl, programId, consentRequired: true, head: ConsentDefault);
        var context = await NewVisitorAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync($"{ShopOrigin}/pricing?via={code}");
        var clickId = await ClickIdAsync(page);
        Assert.Null(await CookieAsync(context, ShopOrigin));

        await page.EvaluateAsync("() => gtag('consent', 'update', { analytics_storage: 'granted' })");
        Assert.Equal(clickId, await CookieAsync(context, ShopOrigin));

        await page.EvaluateAsync("() => gtag('consent', 'update', { analytics_storage: 'denied' })");
        Assert.Null(await CookieAsync(context, ShopOrigin));
    }

    [Fact]
    public async Task A_Stripe_Payment_Link_and_Buy_Button_on_the_page_get_the_click_as_client_reference_id()
    {
        var (programId, _, code) = await ProgramWithLinkAsync();
        _shop!.Page = _ => TestShop.PageWithScript(BaseUrl, programId);
        var page = await (await NewVisitorAsync()).NewPageAsync();

        await page.GotoAsync($"{ShopOrigin}/pricing?via={code}");
        var clickId = await ClickIdAsync(page);
        await page.EvaluateAsync("""
            () => { const a = document.createElement('a'); a.id = 'later'; a.href = 'https://buy.stripe.com/test_later'; document.body.append(a); }
            """);

        var reference = clickId.Replace('.', '_');
        Assert.Equal($"https://buy.stripe.com/test_28o5nB0qV?client_reference_id={reference}", await page.GetAttributeAsync("#buy", "href"));
        Assert.Equal(reference, await page.GetAttributeAsync("#button", "client-reference-id"));
        await page.WaitForFunctionAsync("() => document.getElementById('later').href.includes('client_reference_id=')");
        Assert.Equal(clickId, await page.EvaluateAsync<string>("() => referrals.paddleCustomData().ref_click"));
        Assert.Equal(reference, await page.EvaluateAsync<string>("() => referrals.stripeCheckout().client_reference_id"));
    }

    [Fact]
    public async Task A_page_on_a_host_the_program_does_not_allow_gets_no_CORS_permission_and_records_nothing()
    {
        var (programId, _, code) = await ProgramWithLinkAsync();
        _shop!.Page = _ => TestShop.PageWithScript(BaseUrl, programId);
        var context = await NewVisitorAsync();
        var page = await context.NewPageAsync();
        var failed = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.RequestFailed += (_, request) =>
        {
            if (request.Url.EndsWith("/clicks", StringComparison.Ordinal))
            {
                failed.TrySetResult(request.Failure);
            }
        };
        page.RequestFinished += (_, request) =>
        {
            if (request.Url.EndsWith("/clicks", StringComparison.Ordinal) && request.Method == "POST")
            {
                failed.TrySetResult("finished");
            }
        };

        var foreign = $"http://{ForeignHost}:{_shop.Port}";
        await page.GotoAsync($"{foreign}/pricing?via={code}");
        var outcome = await failed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual("finished", outcome);
        Assert.Null(await page.EvaluateAsync<string?>("() => referrals.clickId()"));
        Assert.Empty(await context.CookiesAsync([foreign]));
        Assert.Equal(0, await ClickRowsAsync());
        using var preflight = new HttpRequestMessage(HttpMethod.Options, $"/api/v1/programs/{programId}/clicks");
        preflight.Headers.Add("Origin", foreign);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var answer = await Visitor.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private async Task<(string ProgramId, string PartnerId, string Code)> ProgramWithLinkAsync()
    {
        var programId = (await Api.PostAsync("/api/v1/programs", new
        {
            name = "Shop program",
            currency = "EUR",
            allowedHosts = new[] { ShopHost },
            cookieDays = 30,
            plan = new { kind = "percent", percent = 20 },
        }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var partnerId = await Api.CreatePartnerAsync(programId);
        var link = await Api.CreateLinkAsync(programId, partnerId, $"{ShopOrigin}/landing");
        return (programId, partnerId, link.GetProperty("code").GetString()!);
    }

    // Headless Chromium names itself in its User-Agent and would count as a bot, as the redirect counts it.
    private Task<IBrowserContext> NewVisitorAsync() =>
        Browser.NewContextAsync(new BrowserNewContextOptions { UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36" });

    private static async Task<string> ClickIdAsync(IPage page)
    {
        var handle = await page.WaitForFunctionAsync("() => window.referrals && window.referrals.clickId()");
        return await handle.JsonValueAsync<string>();
    }

    private static async Task<string?> CookieAsync(IBrowserContext context, string origin) =>
        (await context.CookiesAsync([origin])).FirstOrDefault(cookie => cookie.Name == "ref_click") is { } cookie ? Uri.UnescapeDataString(cookie.Value) : null;

    private async Task<int> ClickRowsAsync() =>
        (await App.CountRowsAsync()).Where(table => table.Key.EndsWith("Clicks", StringComparison.Ordinal)).Sum(table => table.Value);
}
