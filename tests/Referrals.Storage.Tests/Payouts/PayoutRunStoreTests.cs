using Azure.Data.Tables;
using Referrals.Core;
using Referrals.Core.Payouts;
using Referrals.Storage.Payouts;

namespace Referrals.Storage.Tests.Payouts;

public sealed class PayoutRunStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static PayoutRun NewRun(string? programId = null, DateTimeOffset? periodEnd = null) => PayoutRunMachine.Start(
        programId ?? Identifiers.New("prg"),
        "EUR",
        PayoutSettings.Default,
        periodEnd ?? new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero),
        TestData.Now,
        PayoutRunMachine.System,
        "Run started for the test.");

    private static PayoutLine Line(string runId, string partnerId, long amount, PayoutLineStatus status = PayoutLineStatus.Payable) =>
        new(runId, partnerId, "EUR", 100, amount - 100, 0, amount, 3, status, $"Line of {partnerId}.");

    [Fact]
    public async Task Two_concurrent_creates_of_the_same_run_store_one()
    {
        var store = new TablePayoutRunStore(await azurite.CreateAccountAsync());
        var run = NewRun();

        var created = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => store.TryCreateAsync(run, default))));

        Assert.Single(created, c => c);
        var (stored, _) = (await store.GetAsync(run.Id, default))!.Value;
        Assert.Equivalent(run, stored, strict: true);
        Assert.Single(await store.ListAsync(run.ProgramId, default));
        Assert.Single(await store.ListOpenAsync(default).ToListAsync(), r => r.Id == run.Id);
    }

    [Fact]
    public async Task A_run_that_closes_tiers_keeps_that_and_when_it_closed_them()
    {
        var store = new TablePayoutRunStore(await azurite.CreateAccountAsync());
        var run = PayoutRunMachine.Start(Identifiers.New("prg"), "EUR", PayoutSettings.Default, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), TestData.Now, PayoutRunMachine.System, "Run started for the test.", closesTiers: true);
        await store.TryCreateAsync(run, default);
        var (read, version) = (await store.GetAsync(run.Id, default))!.Value;
        Assert.Equal(PayoutStep.CloseTiers, PayoutRunMachine.Next(read).Step);

        var closed = PayoutRunMachine.TiersClosed(read, 3, new Money(41_250, "EUR"), TestData.Now.AddMinutes(1));
        Assert.True(await store.TryUpdateAsync(closed, version, default));

        var (stored, _) = (await store.GetAsync(run.Id, default))!.Value;
        Assert.Equivalent(closed, stored, strict: true);
        Assert.Equal("Tiers closed: 3 adjustment line(s), +412.50 EUR.", stored.Timeline[^1].Reason);
        Assert.Equal(PayoutStep.Collect, PayoutRunMachine.Next(stored).Step);
    }

    [Fact]
    public async Task Concurrent_updates_of_one_version_let_one_win_and_the_other_reads_again()
    {
        var store = new TablePayoutRunStore(await azurite.CreateAccountAsync());
        var run = NewRun();
        await store.TryCreateAsync(run, default);
        var (read, version) = (await store.GetAsync(run.Id, default))!.Value;
        var first = PayoutRunMachine.Collected(read, 3, null, TestData.Now.AddMinutes(1));
        var second = PayoutRunMachine.Collected(read, 5, null, TestData.Now.AddMinutes(2));

        var results = await Task.WhenAll(Task.Run(() => store.TryUpdateAsync(first, version, default)), Task.Run(() => store.TryUpdateAsync(second, version, default)));

        Assert.Single(results, r => r);
        var winner = results[0] ? first : second;
        var (current, newVersion) = (await store.GetAsync(run.Id, default))!.Value;
        Assert.NotEqual(version, newVersion);
        Assert.Equal(PayoutRunState.Calculating, current.State);
        Assert.Equivalent(winner.Timeline, current.Timeline, strict: true);

        // The loser reads again and moves on from the winner's state under the new version.
        var calculated = PayoutRunMachine.Calculated(current, new PayoutTotals(1, 1, 500, 0, 0), PayoutSettings.Default, TestData.Now.AddMinutes(3));
        Assert.False(await store.TryUpdateAsync(calculated, version, default));
        Assert.True(await store.TryUpdateAsync(calculated, newVersion, default));
        var (stored, _) = (await store.GetAsync(run.Id, default))!.Value;
        Assert.Equivalent(calculated, stored, strict: true);
        Assert.Equal(TestData.Now.AddMinutes(3) + PayoutSettings.Default.ApprovalWindow, stored.Deadline);
    }

    [Fact]
    public async Task A_finished_run_is_no_longer_open()
    {
        var store = new TablePayoutRunStore(await azurite.CreateAccountAsync());
        var run = NewRun();
        await store.TryCreateAsync(run, default);
        var open = NewRun(run.ProgramId, new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));
        await store.TryCreateAsync(open, default);
        var (read, version) = (await store.GetAsync(run.Id, default))!.Value;
        var calculated = PayoutRunMachine.Calculated(PayoutRunMachine.Collected(read, 0, null, TestData.Now), new PayoutTotals(0, 0, 0, 0, 0), PayoutSettings.Default, TestData.Now);
        var released = PayoutRunMachine.Released(PayoutRunMachine.Expire(calculated, TestData.Now.AddDays(8)), TestData.Now.AddDays(8));

        Assert.True(await store.TryUpdateAsync(released, version, default));

        Assert.Equal([open.Id], (await store.ListOpenAsync(default).ToListAsync()).Select(r => r.Id));
        Assert.Equal([run.Id, open.Id], (await store.ListAsync(run.ProgramId, default)).Select(r => r.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Lines_round_trip_in_partner_order_across_transactions_and_replace_by_partner()
    {
        var store = new TablePayoutRunStore(await azurite.CreateAccountAsync());
        var runId = NewRun().Id;
        var lines = Enumerable.Range(0, 250)
            .Select(i => Line(runId, $"prt_{i:D4}", 1_000 + i, i % 7 == 0 ? PayoutLineStatus.Carried : PayoutLineStatus.Payable))
            .Reverse()
            .ToArray();

        await store.SaveLinesAsync(runId, lines, default);
        var held = lines[10] with { Status = PayoutLineStatus.Held, HoldReason = "Invoice missing", Note = "Held back by finance." };
        await store.SaveLinesAsync(runId, [held], default);

        var stored = await store.StreamLinesAsync(runId, default).ToListAsync();
        var expected = lines.Select(line => line.PartnerId == held.PartnerId ? held : line).OrderBy(line => line.PartnerId, StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, stored);
        Assert.Equal(held, await store.GetLineAsync(runId, held.PartnerId, default));
        Assert.Null(await store.GetLineAsync(runId, "prt_missing", default));
        Assert.Empty(await store.StreamLinesAsync(NewRun().Id, default).ToListAsync());
    }

    [Fact]
    public async Task The_audit_trail_keeps_every_transition_once_however_often_it_is_written()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TablePayoutRunStore(account);
        var run = NewRun();
        var collected = PayoutRunMachine.Collected(run, 2, null, TestData.Now.AddMinutes(1));
        var calculated = PayoutRunMachine.Calculated(collected, new PayoutTotals(1, 1, 500, 0, 0), PayoutSettings.Default, TestData.Now.AddMinutes(2));

        await store.AuditAsync(run, default);
        await store.AuditAsync(collected, default);
        await store.AuditAsync(calculated, default);
        await store.AuditAsync(calculated, default);

        var rows = await account.GetTableClient("PayoutAudit").QueryAsync<TableEntity>(e => e.PartitionKey == run.Id).ToListAsync();
        Assert.Equal(["0000", "0001", "0002"], rows.Select(r => r.RowKey));
        var audited = rows.Select(r => new PayoutTransition(
            r.GetString("From") is { } from ? Enum.Parse<PayoutRunState>(from) : null,
            Enum.Parse<PayoutRunState>(r.GetString("To")),
            r.GetDateTimeOffset("At")!.Value,
            r.GetString("Actor"),
            r.GetString("Reason"),
            r.GetString("Event")));
        Assert.Equal(calculated.Timeline, audited);
        Assert.All(rows, r => Assert.Equal(run.ProgramId, r.GetString("ProgramId")));
    }

    [Fact]
    public async Task A_second_run_cannot_claim_the_program_while_the_first_holds_it()
    {
        var store = new TablePayoutRunStore(await azurite.CreateAccountAsync());
        var programId = Identifiers.New("prg");
        var first = NewRun(programId).Id;
        var second = NewRun(programId, new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero)).Id;

        var racing = await Task.WhenAll(Task.Run(() => store.TryClaimAsync(programId, first, null, default)), Task.Run(() => store.TryClaimAsync(programId, second, null, default)));
        Assert.Single(racing, r => r);
        var (holder, other) = racing[0] ? (first, second) : (second, first);

        Assert.Equal(holder, await store.GetClaimAsync(programId, default));
        Assert.True(await store.TryClaimAsync(programId, holder, null, default));
        Assert.False(await store.TryClaimAsync(programId, other, null, default));
        Assert.False(await store.TryClaimAsync(programId, other, "prg_x.2026-01", default));
        await store.ReleaseClaimAsync(programId, other, default);
        Assert.Equal(holder, await store.GetClaimAsync(programId, default));
        Assert.Empty(await store.ListAsync(programId, default));

        // Taking over from the named holder (finished) works; then the old holder's release changes nothing.
        Assert.True(await store.TryClaimAsync(programId, other, holder, default));
        Assert.Equal(other, await store.GetClaimAsync(programId, default));
        await store.ReleaseClaimAsync(programId, holder, default);
        Assert.Equal(other, await store.GetClaimAsync(programId, default));
        await store.ReleaseClaimAsync(programId, other, default);
        Assert.Null(await store.GetClaimAsync(programId, default));
        Assert.True(await store.TryClaimAsync(programId, holder, null, default));
    }

    [Fact]
    public async Task A_decision_link_is_used_once_even_when_opened_concurrently()
    {
        var store = new TablePayoutRunStore(await azurite.CreateAccountAsync());
        var runId = NewRun().Id;

        var uses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => store.TryUseDecisionLinkAsync(runId, "fp-approve", TestData.Now, default))));

        Assert.Single(uses, u => u);
        Assert.False(await store.TryUseDecisionLinkAsync(runId, "fp-approve", TestData.Now, default));
        Assert.True(await store.TryUseDecisionLinkAsync(runId, "fp-reject", TestData.Now, default));
        Assert.True(await store.TryUseDecisionLinkAsync(NewRun().Id, "fp-approve", TestData.Now, default));
    }

    [Fact]
    public async Task Balances_are_set_per_partner_and_replaced_by_a_later_run()
    {
        var store = new TablePayoutRunStore(await azurite.CreateAccountAsync());
        var programId = Identifiers.New("prg");
        var balances = Enumerable.Range(0, 150).Select(i => ($"prt_{i:D3}", (long)i)).ToArray();

        await store.SaveBalancesAsync(programId, "run-1", balances, "EUR", TestData.Now, default);
        await store.SaveBalancesAsync(programId, "run-2", [("prt_007", 0L)], "EUR", TestData.Now, default);

        Assert.Equal(149, await store.GetBalanceAsync(programId, "prt_149", default));
        Assert.Equal(0, await store.GetBalanceAsync(programId, "prt_007", default));
        Assert.Null(await store.GetBalanceAsync(programId, "prt_999", default));
    }
}
