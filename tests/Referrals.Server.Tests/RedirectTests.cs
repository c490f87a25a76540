using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Referrals.Core.Links;
using Referrals.Core.Tracking;
using Referrals.Server.Tests.Infrastructure;

namespace Referrals.Server.Tests;

public sealed class RedirectTests : ServerTest
{
    private readonly CountingLinkStore _linkReads = new();

    [Fact]
    public async Task Redirect_keeps_the_destination_query_and_fragment_and_adds_the_click_id()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        var code = (await Api.CreateLinkAsync(programId, partnerId, "https://shop.example.com/p?utm_source=partner&x=1#plans")).GetProperty("code").GetString()!;

        using var response = await Visitor.GetAsync($"/r/{code}");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("https://shop.example.com/p?utm_source=partner&x=1&ref_click=", location, StringComparison.Ordinal);
        Assert.EndsWith("#plans", location, StringComparison.Ordinal);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("doesNotExist1")]
    [InlineData("bad.code")]
    [InlineData("x")]
    public async Task Unknown_code_gets_a_404_page_and_never_a_redirect(string code)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/r/{code}");
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await Visitor.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("does not exist", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_code_asked_for_as_json_gets_problem_details()
    {
        using var response = await Visitor.GetAsync("/r/doesNotExist1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Clicks_resolve_the_link_from_the_cache_not_the_links_table()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        var code = (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;

        for (var i = 0; i < 10; i++)
        {
            await ApiClient.ClickAsync(Visitor, code);
        }

        Assert.Equal(1, _linkReads.Reads);
    }

    [Fact]
    public async Task Fast_mode_redirects_at_once_and_stores_the_click_shortly_after()
    {
        var programId = await Api.CreateProgramAsync(trackingMode: "fast");
        var partnerId = await Api.CreatePartnerAsync(programId);
        var code = (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;

        var clickId = await ApiClient.ClickAsync(Visitor, code);

        var click = await Eventually.ReturnsAsync(
            async () => (await Api.Client.GetAsync($"/api/v1/clicks/{clickId}")).StatusCode,
            status => status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, click);
    }

    [Fact]
    public async Task Unknown_click_id_is_404_and_a_malformed_one_is_400()
    {
        using var unknown = await Api.Client.GetAsync("/api/v1/clicks/abcd1234.p25010112a.aaaaaaaaaaaa.0");
        using var malformed = await Api.Client.GetAsync("/api/v1/clicks/not-a-click");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    protected override ReferralsApp CreateApp(Referrals.Storage.Tests.AzuriteFixture azurite) =>
        new(azurite, services: services =>
        {
            services.AddSingleton<ILinkStore>(provider =>
            {
                _linkReads.Inner = ActivatorUtilities.CreateInstance<Referrals.Storage.Links.TableLinkStore>(provider);
                return _linkReads;
            });
        });

    private sealed class CountingLinkStore : ILinkStore
    {
        private int _reads;

        public ILinkStore Inner { get; set; } = null!;

        public int Reads => _reads;

        public Task<bool> TryCreateAsync(Link link, CancellationToken cancellationToken) => Inner.TryCreateAsync(link, cancellationToken);

        public Task<Link?> GetAsync(string code, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            return Inner.GetAsync(code, cancellationToken);
        }
    }
}
