using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage.Tests;
using Xunit.Abstractions;

namespace Referrals.Server.Tests;

/// <summary>The manager's delivery log page in a real Chromium: attempts as the receiver answered them, and a redelivery from the page.</summary>
public sealed class WebhookLogPageTests(ITestOutputHelper output) : PageTest
{
    private WebhookReceiver? _receiver;





    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Referrals:Webhooks:RetryDelays:0"] = "00:00:00.200" };

    protected override async Task StartHelpersAsync() => _receiver = await WebhookReceiver.StartAsync();

    protected override async Task StopHelpersAsync()
    {
        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_manager_sees_each_attempt_and_redelivers_from_the_page()
    {
        _receiver!.Answers.Enqueue(503);
        var program = await Api.CreateProgramAsync();
        var endpoint = (await Api.PostAsync($"/api/v1/programs/{program}/webhook-endpoints", new { url = _receiver.Url, events = new[] { "commission.created" } }, System.Net.HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await Api.PostAsync($"/api/v1/programs/{program}/webhook-endpoints/{endpoint}/test", new { }, System.Net.HttpStatusCode.Accepted);
        await _receiver.WaitForAsync("ping", count: 2);
        await Eventually.ReturnsAsync(
            () => Api.GetAsync($"/api/v1/programs/{program}/webhook-endpoints/{endpoint}/deliveries?status=succeeded"),
            list => list.GetProperty("items").GetArrayLength() == 1);
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync($"{BaseUrl}/signin");
        await page.GetByLabel("API key").FillAsync(ReferralsApp.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.GotoAsync($"{BaseUrl}/manage/{program}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Outbound webhooks and their delivery log" }).ClickAsync();

        var row = page.Locator("table.deliveries tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "succeeded");
        await Assertions.Expect(row.Locator("li[data-attempt]")).ToHaveCountAsync(2);
        await Assertions.Expect(row.Locator("li[data-attempt='1']")).ToContainTextAsync("503");
        await Assertions.Expect(row.Locator("li[data-attempt='2']")).ToContainTextAsync("200");
        output.WriteLine(await Chromium.ScreenshotAsync(page, "manage-webhooks"));

        await row.GetByRole(AriaRole.Button, new() { Name = "Redeliver" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("delivered again");
        await _receiver.WaitForAsync("ping", count: 3);
        var pings = _receiver.Received.Where(hook => hook.Type == "ping").ToList();
        Assert.Single(pings.Select(hook => hook.WebhookId).Distinct());
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("table.deliveries tbody tr li[data-attempt]")).ToHaveCountAsync(3);
    }
}
