using Referrals.Functions.Tests.Infrastructure;

namespace Referrals.Functions.Tests.Http;

/// <summary>The click path through the functions: a link set up over the API, a browser's redirect, the stored click.</summary>
public sealed class RedirectTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    private readonly FunctionsApi _api = new(app);

    [Fact]
    public async Task A_browser_following_a_new_link_is_sent_to_the_destination_with_its_click_id()
    {
        var (_, code) = await _api.CreateLinkAsync();

        var redirect = await _api.VisitAsync(code);

        Assert.Equal(302, redirect.Status);
        Assert.StartsWith(FunctionsApi.Destination + "?", redirect.Headers.Location.ToString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(FunctionsApi.ClickIdOf(redirect)));
        Assert.Equal("no-store", redirect.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task The_click_of_a_redirect_can_be_read_back_by_its_id()
    {
        var (programId, code) = await _api.CreateLinkAsync();
        var clickId = FunctionsApi.ClickIdOf(await _api.VisitAsync(code));

        var click = await _api.GetClickAsync(clickId);

        Assert.True(click.Status == 200, $"GetClick answered {click}");
        Assert.Equal(clickId, click.Json.GetProperty("id").GetString());
        Assert.Equal(code, click.Json.GetProperty("linkCode").GetString());
        Assert.Equal(programId, click.Json.GetProperty("programId").GetString());
        Assert.False(click.Json.GetProperty("isBot").GetBoolean());
    }

    [Fact]
    public async Task An_unknown_code_is_answered_404_and_never_redirected()
    {
        var answer = await _api.VisitAsync("nosuchlink");

        Assert.Equal(404, answer.Status);
        Assert.Equal(string.Empty, answer.Headers.Location.ToString());
    }
}
