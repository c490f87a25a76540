using Microsoft.Extensions.DependencyInjection;
using Referrals.Api.ExchangeRates;
using Referrals.Core.ExchangeRates;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage.Tests;

namespace Referrals.Server.Tests.ExchangeRates;

/// <summary>The server's rates worker and the fetch, against a stand-in for the ECB on 127.0.0.1.</summary>
public sealed class ReferenceRateFetchTests : ServerTest, IAsyncLifetime
{
    private static readonly DateOnly Published = new(2026, 3, 13);

    private RatesSource? _source;

    private RatesSource Source => _source!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        _source = await RatesSource.StartAsync(RatesSource.Xml((Published, 1.0891m)));
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Source.DisposeAsync();
    }

    protected override ReferralsApp CreateApp(AzuriteFixture azurite) => new(azurite, new Dictionary<string, string?>
    {
        ["Referrals:Rates:Fetch"] = "true",
        ["Referrals:Rates:Seed"] = "true",
        ["Referrals:Rates:SourceUrl"] = Source.Url,
    });

    private IReferenceRateStore Store => App.Services.GetRequiredService<IReferenceRateStore>();

    private async Task<decimal?> UsdOnAsync(DateOnly day) =>
        (await Store.ListAsync(ReferenceRates.Ecb, day, day, CancellationToken.None)).SingleOrDefault()?.PerEuro["USD"];

    [Fact]
    public async Task The_worker_stores_the_published_day_over_the_sample_one_and_seeds_the_others()
    {
        _ = App.Services;

        // The sample has 1.0900 for that day; the source's figure replaces it, and the sample's other days stay.
        var usd = await Eventually.ReturnsAsync(() => UsdOnAsync(Published), rate => rate == 1.0891m);
        Assert.Equal(1.0891m, usd);
        Assert.Equal(1.0906m, await UsdOnAsync(Published.AddDays(-1)));
        Assert.True(Source.Requests >= 1);
    }

    [Fact]
    public async Task A_fetched_file_that_is_not_in_the_ecbs_format_stores_nothing_and_fails_the_fetch()
    {
        // A good day beside a broken one: the file is refused whole, so the good day is not stored either.
        var day = new DateOnly(2025, 6, 2);
        Source.Body = RatesSource.Xml((day, 1.14m), (day.AddDays(1), -1m));
        var fetcher = App.Services.GetRequiredService<ReferenceRateFetcher>();

        await Assert.ThrowsAsync<FormatException>(() => fetcher.FetchAsync(CancellationToken.None));
        Assert.Null(await UsdOnAsync(day));
    }

    [Fact]
    public async Task A_source_answering_an_error_fails_the_fetch()
    {
        Source.Status = 503;
        var fetcher = App.Services.GetRequiredService<ReferenceRateFetcher>();

        await Assert.ThrowsAsync<HttpRequestException>(() => fetcher.FetchAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_fetch_stores_every_day_of_a_history_file()
    {
        var first = new DateOnly(2025, 6, 2);
        Source.Body = RatesSource.Xml((first, 1.14m), (first.AddDays(1), 1.15m));
        var fetcher = App.Services.GetRequiredService<ReferenceRateFetcher>();

        Assert.Equal(2, await fetcher.FetchAsync(CancellationToken.None));

        Assert.Equal(1.14m, await UsdOnAsync(first));
        Assert.Equal(1.15m, await UsdOnAsync(first.AddDays(1)));
    }
}
