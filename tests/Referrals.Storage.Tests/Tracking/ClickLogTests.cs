using Azure;
using Referrals.Core.Tracking;
using Referrals.Storage.Tracking;

namespace Referrals.Storage.Tests.Tracking;

public sealed class ClickLogTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_full_batch_is_stored_and_every_click_is_found_by_its_id()
    {
        var account = await azurite.CreateAccountAsync();
        var log = new TableClickLog(account);
        var clicks = Enumerable.Range(0, IClickLog.MaxBatchSize)
            .Select(i => TestData.Click("Link0001", TestData.Now.AddSeconds(i % 60), isBot: i % 7 == 0))
            .ToArray();

        await log.AppendAsync(clicks, default);

        foreach (var click in clicks)
        {
            Assert.Equal(click, await log.GetAsync(click.Id, default));
        }
    }

    [Fact]
    public async Task A_click_is_found_from_its_id_as_text()
    {
        var account = await azurite.CreateAccountAsync();
        var log = new TableClickLog(account);
        var click = TestData.Click("Link0001", TestData.Now);
        await log.AppendAsync([click], default);

        Assert.True(ClickId.TryParse(click.Id.ToString(), out var parsed));
        Assert.Equal(click, await log.GetAsync(parsed, default));
    }

    [Fact]
    public async Task An_unknown_click_is_null()
    {
        var account = await azurite.CreateAccountAsync();

        Assert.Null(await new TableClickLog(account).GetAsync(ClickId.New("Link0001", TestData.Now), default));
    }

    [Fact]
    public async Task A_batch_spanning_two_partitions_is_refused()
    {
        var account = await azurite.CreateAccountAsync();
        var log = new TableClickLog(account);
        var clicks = new[] { TestData.Click("Link0001", TestData.Now), TestData.Click("Link0001", TestData.Now.AddHours(1)) };

        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(clicks, default));

        Assert.Null(await log.GetAsync(clicks[0].Id, default));
    }

    [Fact]
    public async Task A_batch_over_the_limit_is_refused()
    {
        var account = await azurite.CreateAccountAsync();
        var clicks = Enumerable.Range(0, IClickLog.MaxBatchSize + 1).Select(_ => TestData.Click("Link0001", TestData.Now)).ToArray();

        await Assert.ThrowsAsync<ArgumentException>(() => new TableClickLog(account).AppendAsync(clicks, default));
    }

    [Fact]
    public async Task A_batch_holding_an_already_stored_click_stores_none_of_its_clicks()
    {
        var account = await azurite.CreateAccountAsync();
        var log = new TableClickLog(account);
        var stored = TestData.Click("Link0001", TestData.Now);
        await log.AppendAsync([stored], default);
        var fresh = new[] { TestData.Click("Link0001", TestData.Now), TestData.Click("Link0001", TestData.Now) };

        await Assert.ThrowsAnyAsync<RequestFailedException>(() => log.AppendAsync([fresh[0], stored with { IsBot = true }, fresh[1]], default));

        Assert.Null(await log.GetAsync(fresh[0].Id, default));
        Assert.Null(await log.GetAsync(fresh[1].Id, default));
        Assert.False((await log.GetAsync(stored.Id, default))!.IsBot);
    }
}
