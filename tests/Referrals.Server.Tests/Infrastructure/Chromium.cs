using Microsoft.Playwright;

namespace Referrals.Server.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright: never a downloaded browser (./test.sh installs the
/// distribution's package when it is missing). Screenshots go under the test output for review.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    /// <summary>Launches headless Chromium; <paramref name="extraArgs"/> are added to its command line (e.g. host resolver rules).</summary>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync(params string[] extraArgs)
    {
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: run ./test.sh (it installs Debian's chromium) or apt-get install chromium.");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage", .. extraArgs],
        });
        return (playwright, browser);
    }

    /// <summary>Saves a full-page screenshot as <paramref name="name"/>.png and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
