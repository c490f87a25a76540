using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage.Tests;

namespace Referrals.Server.Tests;

/// <summary>
/// A page test: its own server on a loopback socket (the base class's clients talk to the same socket)
/// and a headless Chromium. Override <see cref="Settings"/> for the server's settings,
/// <see cref="BrowserArguments"/> for Chromium's command line, and <see cref="StartHelpersAsync"/> /
/// <see cref="StopHelpersAsync"/> for listeners the server is configured to reach.
/// </summary>
public abstract class PageTest : ServerTest, IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    protected IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser starts in InitializeAsync.");

    protected string BaseUrl => App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    /// <summary>The server's settings beside the defaults; read when the server starts, after <see cref="StartHelpersAsync"/>.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    protected virtual string[] BrowserArguments => [];

    public override async Task InitializeAsync()
    {
        await StartHelpersAsync();
        await base.InitializeAsync();
        (_playwright, _browser) = await Chromium.LaunchAsync(BrowserArguments);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await DisposeAsync();
        await StopHelpersAsync();
    }

    /// <summary><paramref name="url"/> (an absolute address the server made, e.g. with its public base URL) on this test's server.</summary>
    protected string Local(string url) => BaseUrl + new Uri(url).PathAndQuery;

    /// <summary>A new browser context signed in to the partner's portal through a sign-in link, as the partner would be.</summary>
    protected async Task<IPage> SignInByLinkAsync(string partnerId)
    {
        var url = (await Api.PostAsync($"/api/v1/partners/{partnerId}/portal-link", new { }, System.Net.HttpStatusCode.OK)).GetProperty("url").GetString()!;
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(Local(url));
        await page.GetByRole(AriaRole.Button, new() { Name = "Open my portal" }).ClickAsync();
        Assert.EndsWith("/portal", page.Url, StringComparison.Ordinal);
        return page;
    }

    protected virtual Task StartHelpersAsync() => Task.CompletedTask;

    protected virtual Task StopHelpersAsync() => Task.CompletedTask;

    protected sealed override ReferralsApp CreateApp(AzuriteFixture azurite)
    {
        var app = new ReferralsApp(azurite, Settings is { } settings ? new Dictionary<string, string?>(settings) : null);
        app.UseKestrel(0);
        app.StartServer();
        app.ClientOptions.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return app;
    }
}
