using Azure;
using Referrals.Core.Tracking;
using Referrals.Storage.Tracking;

namespace Referrals.Storage.Tests.Tracking;

public sealed class ClickLogTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_flush_entry_is_one_entity_and_every_click_of_it_is_found_by_its_id()
    {
        var account = await azurite.CreateAccountAsync();
        var log = new TableClickLog(account);
        var clicks = Entry("Link0001", 500, i => TestData.Click("Link0001", TestData.Now.AddSeconds(i % 60), partnerId: i % 3 == 0 ? "prt_b" : "prt_a", isBot: i % 7 == 0));

        await log.AppendAsync(clicks, default);

        Assert.Equal(1, await CountEntitiesAsync(account));
        foreach (var click in clicks)
        {
            Assert.Equal(click, await log.GetAsync(click.Id, default));
        }
    }

    [Fact]
    public async Task An_entry_over_64_KiB_is_split_over_several_properties_and_read_back_whole()
    {
        var account = await azurite.CreateAccountAsync();
        var log = new TableClickLog(account);
        var clicks = Entry("Link0001", ClickId.MaxIndex + 1, i => TestData.Click("Link0001", TestData.Now.AddMilliseconds(i)) with
        {
            PartnerId = "prt_" + i,
            ReferrerHost = $"site{i}.example.org",
            VisitorHash = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()),
        });

        await log.AppendAsync(clicks, default);

        var entity = (await account.GetTableClient("Clicks").GetEntityAsync<Azure.Data.Tables.TableEntity>(ClickKeys.PartitionKey(clicks[0].Id), ClickKeys.RowKey(clicks[0].Id))).Value;
        Assert.NotNull(entity.GetBinary("D1"));
        Assert.Equal(clicks[0], await log.GetAsync(clicks[0].Id, default));
        Assert.Equal(clicks[^1], await log.GetAsync(clicks[^1].Id, default));
        Assert.Equal(clicks[2_345], await log.GetAsync(clicks[2_345].Id, default));
    }

    [Fact]
    public async Task A_click_is_found_from_its_id_as_text()
    {
        var account = await azurite.CreateAccountAsync();
        var log = new TableClickLog(account);
        var clicks = Entry("Link0001", 3, _ => TestData.Click("Link0001", TestData.Now));
        await log.AppendAsync(clicks, default);

        Assert.True(ClickId.TryParse(clicks[2].Id.ToString(), out var parsed));
        Assert.Equal(clicks[2], await log.GetAsync(parsed, default));
    }

    [Fact]
    public async Task An_unknown_click_is_null_whether_its_entry_or_only_its_index_is_missing()
    {
        var account = await azurite.CreateAccountAsync();
        var log = new TableClickLog(account);
        var clicks = Entry("Link0001", 2, _ => TestData.Click("Link0001", TestData.Now));
        await log.AppendAsync(clicks, default);

        Assert.Null(await log.GetAsync(ClickId.New("Link0001", TestData.Now), default));
        Assert.Null(await log.GetAsync(clicks[0].Id with { Index = 2 }, default));
    }

    [Fact]
    public async Task An_entry_spanning_two_partitions_or_out_of_order_is_refused()
    {
        var account = await azurite.CreateAccountAsync();
        var log = new TableClickLog(account);
        var clicks = Entry("Link0001", 2, _ => TestData.Click("Link0001", TestData.Now));

        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync([clicks[0], clicks[1] with { Id = clicks[1].Id with { Shard = 3 } }], default));
        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync([clicks[1], clicks[0]], default));

        Assert.Null(await log.GetAsync(clicks[0].Id, default));
    }

    [Fact]
    public async Task An_entry_written_again_after_a_lost_answer_keeps_the_first_write_and_succeeds()
    {
        var account = await azurite.CreateAccountAsync();
        var log = new TableClickLog(account);
        var clicks = Entry("Link0001", 2, _ => TestData.Click("Link0001", TestData.Now));
        await log.AppendAsync(clicks, default);

        // As when the first write's answer was lost while storage hung and the recorder writes the entry again.
        await log.AppendAsync([.. clicks.Select(click => click with { IsBot = true })], default);

        Assert.False((await log.GetAsync(clicks[1].Id, default))!.IsBot);
    }

    [Fact]
    public async Task Unprojected_entries_are_found_once_their_clicks_are_old_enough_until_marked_projected()
    {
        var account = await azurite.CreateAccountAsync();
        var log = new TableClickLog(account);
        var first = Entry("Link0001", 3, _ => TestData.Click("Link0001", TestData.Now));
        var second = Entry("Link0002", 2, _ => TestData.Click("Link0002", TestData.Now), shard: 6);
        var old = Entry("Link0003", 1, _ => TestData.Click("Link0003", TestData.Now.AddHours(-5)));
        await Task.WhenAll(log.AppendAsync(first, default), log.AppendAsync(second, default), log.AppendAsync(old, default));
        var from = TestData.Now.AddHours(-2);

        var tooSoon = await log.FindUnprojectedAsync(from, TestData.Now, default).ToListAsync();
        var due = await log.FindUnprojectedAsync(from, TestData.Now.AddMinutes(1), default).ToListAsync();
        await log.MarkProjectedAsync([first[1].Id, ClickId.New("Link0009", TestData.Now)], default);
        var afterMarking = await log.FindUnprojectedAsync(from, TestData.Now.AddMinutes(1), default).ToListAsync();

        Assert.Empty(tooSoon);
        Assert.Equal([first, second], due.OrderBy(entry => entry[0].LinkCode, StringComparer.Ordinal).Select(entry => entry.ToArray()));
        Assert.Equal([second], afterMarking.Select(entry => entry.ToArray()));
    }

    private static Click[] Entry(string linkCode, int count, Func<int, Click> click, int shard = 2)
    {
        var entry = ClickId.New(linkCode, click(0).OccurredAt) with { Shard = shard };
        return [.. Enumerable.Range(0, count).Select(i => click(i) with { Id = entry with { Index = i } })];
    }

    private static async Task<int> CountEntitiesAsync(StorageAccount account)
    {
        var count = 0;
        await foreach (var _ in account.GetTableClient("Clicks").QueryAsync<Azure.Data.Tables.TableEntity>(select: ["PartitionKey"]))
        {
            count++;
        }

        return count;
    }
}
