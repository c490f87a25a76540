using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Referrals.Server.Tests.Infrastructure;

/// <summary>
/// A shop's web server on a loopback port of its own: every GET answers the page <see cref="Page"/>
/// builds, so a test can put the tracking script on a page of another origin than the referrals server.
/// </summary>
public sealed class TestShop : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestShop(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Builds the HTML of the requested page (path and query at hand).</summary>
    public Func<HttpRequest, string> Page { get; set; } = _ => "<!doctype html><title>Shop</title>";

    public static async Task<TestShop> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        TestShop? shop = null;
        app.MapGet("/{**path}", (HttpRequest request) => Results.Content(shop!.Page(request), "text/html; charset=utf-8"));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        shop = new TestShop(app, address.Port);
        return shop;
    }

    /// <summary>A shop page that includes the script from <paramref name="scriptOrigin"/> for <paramref name="programId"/>, with a Stripe Payment Link and Buy Button, after <paramref name="head"/>.</summary>
    public static string PageWithScript(string scriptOrigin, string programId, bool consentRequired = false, string head = "") => $"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Shop</title>
        {head}
        <script src="{scriptOrigin}/t.js" data-program="{programId}"{(consentRequired ? " data-consent=\"required\"" : string.Empty)} defer></script>
        </head>
        <body><h1>Shop</h1>
        <a id="buy" href="https://buy.stripe.com/test_28o5nB0qV">Buy now</a>
        <stripe-buy-button id="button" buy-button-id="buy_btn_1" publishable-key="pk_test_1"></stripe-buy-button>
        </body></html>
        """;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
