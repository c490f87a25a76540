using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Referrals.Api.Tracking;
using Referrals.Core.Commissions;
using Referrals.Core.Links;
using Referrals.Core.Programs;

namespace Referrals.Server.Tests;

/// <summary>The redirect's link cache: fresh for a minute, then read again, and kept while storage does not answer.</summary>
public sealed class LinkDirectoryTests : IDisposable
{
    private const string Code = "AbCd1234";
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);
    private static readonly ReferralProgram Program = new(
        "prg_shop", "Shop partners", "EUR", ["shop.example.com"], 30, CommissionPlan.OfPercent(20), TrackingMode.Durable, AttributionModel.LastClick, Now.AddDays(-10));

    private readonly Mock<ILinkStore> _links = new();
    private readonly Mock<IProgramStore> _programs = new();
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 100 });
    private readonly FakeTimeProvider _time = new(Now);
    private readonly LinkDirectory _directory;

    public LinkDirectoryTests()
    {
        _programs.Setup(store => store.GetAsync(Program.Id, It.IsAny<CancellationToken>())).ReturnsAsync(Program);
        _directory = new LinkDirectory(_links.Object, _programs.Object, _cache, _time);
    }

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task A_fresh_link_is_answered_from_the_cache_and_a_stale_one_is_read_again()
    {
        StoreHas(Link("https://shop.example.com/a"));
        Assert.Equal("https://shop.example.com/a", (await ResolveAsync())!.Link.Destination.ToString());

        StoreHas(Link("https://shop.example.com/b"));
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("https://shop.example.com/a", (await ResolveAsync())!.Link.Destination.ToString());
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("https://shop.example.com/b", (await ResolveAsync())!.Link.Destination.ToString());
        _links.Verify(store => store.GetAsync(Code, It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task A_stale_link_still_redirects_while_storage_fails_or_does_not_answer()
    {
        StoreHas(Link("https://shop.example.com/a"));
        await ResolveAsync();
        _time.Advance(TimeSpan.FromMinutes(5));

        _links.Setup(store => store.GetAsync(Code, It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("storage unavailable"));
        Assert.Equal("https://shop.example.com/a", (await ResolveAsync())!.Link.Destination.ToString());

        _links.Setup(store => store.GetAsync(Code, It.IsAny<CancellationToken>()))
            .Returns(async (string _, CancellationToken cancellationToken) =>
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return null;
            });
        Assert.Equal("https://shop.example.com/a", (await ResolveAsync())!.Link.Destination.ToString());
    }

    [Fact]
    public async Task A_link_never_read_fails_with_storage()
    {
        _links.Setup(store => store.GetAsync(Code, It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("storage unavailable"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => ResolveAsync().AsTask());
    }

    private ValueTask<ResolvedLink?> ResolveAsync() => _directory.ResolveAsync(Code, TimeSpan.FromMilliseconds(200), CancellationToken.None);

    private void StoreHas(Link link) => _links.Setup(store => store.GetAsync(Code, It.IsAny<CancellationToken>())).ReturnsAsync(link);

    private static Link Link(string destination) => new(Code, Program.Id, "prt_ada", new Uri(destination), null, Now.AddDays(-1));
}
