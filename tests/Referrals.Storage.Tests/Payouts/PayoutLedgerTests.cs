using Referrals.Core;
using Referrals.Core.Commissions;
using Referrals.Core.Payouts;
using Referrals.Storage.Commissions;

namespace Referrals.Storage.Tests.Payouts;

/// <summary>The commission table as payout runs use it (<see cref="IPayoutLedger"/>).</summary>
public sealed class PayoutLedgerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Cutoff = TestData.Now;

    private static async Task CreateAsync(TableCommissionStore store, IEnumerable<Commission> commissions) =>
        await Parallel.ForEachAsync(commissions, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (commission, token) =>
            Assert.True(await store.TryCreateAsync(commission, token)));

    [Fact]
    public async Task Streaming_pages_through_all_matching_commissions_of_the_program()
    {
        var store = new TableCommissionStore(await azurite.CreateAccountAsync());
        var programId = Identifiers.New("prg");
        var matching = Enumerable.Range(0, 1_500)
            .Select(i => TestData.Commission(programId, i % 3 == 0 ? "prt_a" : "prt_b", CommissionStatus.Pending, Cutoff.AddMinutes(-1 - i)))
            .ToArray();
        var others = new[]
        {
            TestData.Commission(programId, "prt_a", CommissionStatus.Pending, Cutoff),
            TestData.Commission(programId, "prt_a", CommissionStatus.Approved, Cutoff.AddDays(-1)),
            TestData.Commission(Identifiers.New("prg"), "prt_a", CommissionStatus.Pending, Cutoff.AddDays(-1)),
        };
        await CreateAsync(store, matching.Concat(others));

        var streamed = await store.StreamAsync(programId, CommissionStatus.Pending, Cutoff, default).ToListAsync();

        Assert.Equal(1_500, streamed.Count);
        Assert.Equal(matching.Select(c => c.Id).Order(StringComparer.Ordinal), streamed.Select(c => c.Id).Order(StringComparer.Ordinal));
        var byId = matching.ToDictionary(c => c.Id);
        Assert.All(streamed, c =>
        {
            var original = byId[c.Id];
            Assert.Equal(new PayoutCommission(original.Id, programId, original.PartnerId, 625, "EUR", original.CreatedAt, CommissionStatus.Pending), c);
        });
        Assert.Single(await store.StreamAsync(programId, CommissionStatus.Approved, Cutoff, default).ToListAsync());
    }

    [Fact]
    public async Task Moving_a_partners_commissions_twice_moves_nothing_more()
    {
        var store = new TableCommissionStore(await azurite.CreateAccountAsync());
        var programId = Identifiers.New("prg");
        var due = Enumerable.Range(0, 250).Select(i => TestData.Commission(programId, "prt_a", CommissionStatus.Pending, Cutoff.AddHours(-1 - i))).ToArray();
        var notDue = TestData.Commission(programId, "prt_a", CommissionStatus.Pending, Cutoff.AddHours(1));
        var otherPartner = TestData.Commission(programId, "prt_b", CommissionStatus.Pending, Cutoff.AddDays(-1));
        await CreateAsync(store, due.Append(notDue).Append(otherPartner));
        var approvedAt = Cutoff.AddMinutes(5);

        var first = await store.MoveAsync("prt_a", CommissionStatus.Pending, CommissionStatus.Approved, c => c.CreatedAt < Cutoff, "run-1", approvedAt, default);
        var second = await store.MoveAsync("prt_a", CommissionStatus.Pending, CommissionStatus.Approved, c => c.CreatedAt < Cutoff, "run-1", approvedAt, default);

        Assert.Equal(250, first);
        Assert.Equal(0, second);
        var approved = await store.StreamAsync(programId, CommissionStatus.Approved, Cutoff.AddDays(1), default).ToListAsync();
        Assert.Equal(due.Select(c => c.Id).Order(StringComparer.Ordinal), approved.Select(c => c.Id).Order(StringComparer.Ordinal));
        Assert.All(approved, c => Assert.Equal(approvedAt, c.ApprovedAt));
        Assert.Equal(new[] { notDue.Id, otherPartner.Id }.Order(StringComparer.Ordinal), (await store.StreamAsync(programId, CommissionStatus.Pending, Cutoff.AddDays(1), default).ToListAsync()).Select(c => c.Id).Order(StringComparer.Ordinal));
        var stored = await store.GetAsync("prt_a", due[0].Id, default);
        Assert.Equal(CommissionStatus.Approved, stored!.Status);
        Assert.Equal(due[0].Amount, stored.Amount);
    }

    [Fact]
    public async Task Two_concurrent_moves_of_the_same_commissions_move_each_once()
    {
        var store = new TableCommissionStore(await azurite.CreateAccountAsync());
        var programId = Identifiers.New("prg");
        await CreateAsync(store, Enumerable.Range(0, 300).Select(i => TestData.Commission(programId, "prt_a", CommissionStatus.Approved, Cutoff.AddHours(-1 - i))));

        var moved = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            store.MoveAsync("prt_a", CommissionStatus.Approved, CommissionStatus.Paid, _ => true, "run-1", Cutoff, default))));

        Assert.Equal(300, moved.Sum());
        Assert.Equal(300, (await store.StreamAsync(programId, CommissionStatus.Paid, Cutoff, default).ToListAsync()).Count);
        Assert.Empty(await store.StreamAsync(programId, CommissionStatus.Approved, Cutoff, default).ToListAsync());
    }
}
