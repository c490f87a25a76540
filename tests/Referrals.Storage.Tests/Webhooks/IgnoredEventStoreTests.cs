using System.Text;
using Referrals.Core.Webhooks;
using Referrals.Storage.Webhooks;

namespace Referrals.Storage.Tests.Webhooks;

public sealed class IgnoredEventStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static IgnoredEvent Event(string eventId, DateTimeOffset at, string reason = "not used", byte[]? body = null) =>
        IgnoredEvent.Of("prg_a", "stripe", eventId, "customer.created", reason, at, body ?? Encoding.UTF8.GetBytes($"{{\"id\":\"{eventId}\"}}"));

    [Fact]
    public async Task Kept_events_read_back_by_id_with_their_body()
    {
        var store = new TableIgnoredEventStore(await azurite.CreateAccountAsync());
        var kept = Event("evt_1", TestData.Now);

        await store.KeepAsync(kept, default);
        var found = await store.GetAsync("prg_a", "evt_1", default);

        Assert.NotNull(found);
        Assert.Equal((kept.Source, kept.EventId, kept.Type, kept.Reason, kept.IgnoredAt, kept.Truncated), (found.Source, found.EventId, found.Type, found.Reason, found.IgnoredAt, found.Truncated));
        Assert.Equal(kept.Body.ToArray(), found.Body.ToArray());
        Assert.Null(await store.GetAsync("prg_b", "evt_1", default));
    }

    [Fact]
    public async Task The_list_is_newest_first_in_pages_and_a_repeat_keeps_its_place()
    {
        var store = new TableIgnoredEventStore(await azurite.CreateAccountAsync());
        for (var n = 1; n <= 3; n++)
        {
            await store.KeepAsync(Event($"evt_{n}", TestData.Now.AddSeconds(n)), default);
        }

        await store.KeepAsync(Event("evt_1", TestData.Now.AddSeconds(10), reason: "still not used"), default);
        var first = await store.ListAsync("prg_a", null, 2, default);
        var rest = await store.ListAsync("prg_a", first.Continuation, 2, default);

        Assert.Equal(["evt_3", "evt_2"], first.Events.Select(e => e.EventId));
        Assert.Equal(["evt_1"], rest.Events.Select(e => e.EventId));
        Assert.Equal("still not used", rest.Events[0].Reason);
        Assert.Null(rest.Continuation);
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_cut_and_marked_and_a_retry_is_recorded()
    {
        var store = new TableIgnoredEventStore(await azurite.CreateAccountAsync());
        await store.KeepAsync(Event("evt_big", TestData.Now, body: new byte[IgnoredEvent.MaxBodyBytes + 10]), default);

        await store.MarkRetriedAsync("prg_a", "evt_big", "ignored again", TestData.Now.AddMinutes(1), default);
        var found = await store.GetAsync("prg_a", "evt_big", default);

        Assert.True(found!.Truncated);
        Assert.Equal(IgnoredEvent.MaxBodyBytes, found.Body.Length);
        Assert.Equal(("ignored again", (DateTimeOffset?)TestData.Now.AddMinutes(1)), (found.Reason, found.RetriedAt));
    }
}
