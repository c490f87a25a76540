using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Referrals.Core.Tracking;
using Referrals.Functions.Tests.Infrastructure;

namespace Referrals.Functions.Tests.Http;

/// <summary>
/// The visitor of a redirect is the address the Functions host forwards, not the host itself: every
/// request reaches the worker from a loopback peer.
/// </summary>
public sealed class ForwardedAddressTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    private readonly FunctionsApi _api = new(app);

    [Fact]
    public async Task A_click_through_the_host_is_stored_with_the_hash_of_the_forwarded_visitor()
    {
        var (_, code) = await _api.CreateLinkAsync();

        var hash = await VisitorHashOfAsync(code, "203.0.113.7");

        Assert.Equal(HashOf("203.0.113.7"), hash);
        Assert.NotEqual(HashOf("127.0.0.1"), hash);
    }

    [Fact]
    public async Task A_spoofed_left_most_entry_does_not_change_the_visitor()
    {
        var (_, code) = await _api.CreateLinkAsync();

        var hash = await VisitorHashOfAsync(code, "1.2.3.4, 203.0.113.7");

        Assert.Equal(HashOf("203.0.113.7"), hash);
    }

    [Fact]
    public async Task Two_visitors_behind_the_same_host_are_told_apart()
    {
        var (_, code) = await _api.CreateLinkAsync();

        var first = await VisitorHashOfAsync(code, "203.0.113.7");
        var second = await VisitorHashOfAsync(code, "203.0.113.8");

        Assert.NotEqual(first, second);
    }

    private async Task<string> VisitorHashOfAsync(string code, string forwardedFor)
    {
        var clickId = FunctionsApi.ClickIdOf(await _api.VisitAsync(code, forwardedFor));
        var click = await _api.GetClickAsync(clickId);
        Assert.True(click.Status == 200, $"GetClick answered {click}");
        return click.Json.GetProperty("visitorHash").GetString()!;
    }

    private string HashOf(string address) => app.Services.GetRequiredService<VisitorHasher>().Hash(IPAddress.Parse(address));
}
