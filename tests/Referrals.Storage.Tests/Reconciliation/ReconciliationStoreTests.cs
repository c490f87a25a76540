using Microsoft.Extensions.Time.Testing;
using Referrals.Core;
using Referrals.Core.Conversions;
using Referrals.Core.Reconciliation;
using Referrals.Storage.Conversions;
using Referrals.Storage.Reconciliation;

namespace Referrals.Storage.Tests.Reconciliation;

/// <summary>The reconciliation's matching and its stored lines on Azurite, with more rows than one batch and one page hold.</summary>
public sealed class ReconciliationStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string ProgramId = "prg_rec";

    private static Conversion Payment(int n, long paid = 5_000) => new(
        Conversion.IdFor(ProgramId, "stripe", $"evt_{n}"),
        ProgramId,
        "stripe",
        $"evt_{n}",
        ConversionType.Sale,
        new Money(paid, "EUR"),
        "cus_1",
        null,
        null,
        null,
        TestData.Now.AddMinutes(-500 + n),
        TestData.Now,
        PaymentReference: $"pi_{n}");

    private static ExportPayment Row(int n, long paid = 5_000, long refunded = 0) => new(
        n + 1,
        "stripe",
        [$"pi_{n}", $"ch_{n}"],
        TestData.Now.AddMinutes(-500 + n),
        new Money(paid, "EUR"),
        refunded,
        new ConversionDraft($"pi_{n}", ConversionType.Sale, paid, "EUR", "cus_1", Code: "SPRING10", OccurredAt: TestData.Now.AddMinutes(-500 + n)),
        new PaymentDetails(PaymentReference: $"pi_{n}", PaidAmount: paid, Aliases: [$"ch_{n}"]));

    private static async IAsyncEnumerable<ExportPayment> Stream(IEnumerable<ExportPayment> rows)
    {
        foreach (var row in rows)
        {
            await Task.Yield();
            yield return row;
        }
    }

    [Fact]
    public async Task Payments_are_matched_missing_differing_or_extra_across_batches_and_pages()
    {
        var account = await azurite.CreateAccountAsync();
        var conversions = new TableConversionStore(account);
        var store = new TableReconciliationStore(account);
        // Recorded: 0..279. Export: 20..299, so 0..19 are extra (in range from 0) and 280..299 missing; 100 and 200 differ.
        foreach (var n in Enumerable.Range(0, 280))
        {
            await conversions.TryCreateAsync(Payment(n), default);
        }

        await conversions.TryCreateAsync(Conversion.IdFor(ProgramId, "stripe", "evt_refund_150") is var refundId
            ? new Conversion(refundId, ProgramId, "stripe", "evt_refund_150", ConversionType.Refund, new Money(1_000, "EUR"), "cus_1", null, null, null,
                TestData.Now, TestData.Now, OriginalPaymentReference: "ch_150")
            : throw new InvalidOperationException(), default);
        await conversions.LinkPaymentAsync(ProgramId, "stripe", "ch_150", "pi_150", default);
        var rows = Enumerable.Range(20, 280).Select(n => n switch
        {
            100 => Row(n, paid: 4_000),
            150 => Row(n, refunded: 1_000),
            200 => Row(n, refunded: 500),
            _ => Row(n),
        }).ToList();
        var summary = new ExportSummary(rows.Count, 0, TestData.Now.AddMinutes(-500), TestData.Now, ReportsRefunds: true);
        var reconcile = new ReconcileExport(conversions, conversions, store, new FakeTimeProvider(TestData.Now));

        var reconciliation = await reconcile.ExecuteAsync(ProgramId, ExportFormat.StripePayments, "stripe", summary, Stream(rows), default);

        Assert.Equal((258L, 20L, 2L, 20L), (reconciliation.Matched, reconciliation.Missing, reconciliation.Differing, reconciliation.Extra));
        Assert.Equal(reconciliation, await store.GetAsync(ProgramId, reconciliation.Id, default));
        var differing = await store.StreamItemsAsync(reconciliation.Id, ReconciliationCategory.Differing, default).ToListAsync();
        Assert.Equal(["pi_100", "pi_200"], differing.Select(item => item.PaymentId).Order());
        Assert.Contains(differing, item => item.PaymentId == "pi_200" && item.Differences == "refunded: export 5.00 EUR, recorded 0.00 EUR");
        var refunded = Assert.Single(await store.StreamItemsAsync(reconciliation.Id, ReconciliationCategory.Matched, default).Where(item => item.PaymentId == "pi_150").ToListAsync());
        Assert.Equal(1_000, refunded.RecordedRefunded);
        var extra = await store.StreamItemsAsync(reconciliation.Id, ReconciliationCategory.Extra, default).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 20).Select(n => $"pi_{n}").Order(), extra.Select(item => item.PaymentId).Order());
    }

    [Fact]
    public async Task A_missing_line_keeps_what_replay_records_and_pages_in_export_order()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableReconciliationStore(account);
        var items = Enumerable.Range(1, 5).Select(n => new ReconciliationItem(ReconciliationCategory.Missing, $"pi_{n}", n + 1, TestData.Now, new Money(5_000, "EUR"), 0,
            Replay: Row(n).Replay, ReplayPayment: Row(n).ReplayPayment)).ToList();
        await store.AddItemsAsync("rec_x", items, default);

        var first = await store.ListItemsAsync("rec_x", ReconciliationCategory.Missing, null, 3, default);
        var second = await store.ListItemsAsync("rec_x", null, first.Next, 3, default);

        Assert.Equal(["pi_1", "pi_2", "pi_3"], first.Items.Select(item => item.PaymentId));
        Assert.Equal(["pi_4", "pi_5"], second.Items.Select(item => item.PaymentId));
        Assert.Null(second.Next);
        var stored = first.Items[0];
        Assert.Equal(items[0].Replay, stored.Replay);
        Assert.Equal(items[0].ReplayPayment!.PaymentReference, stored.ReplayPayment!.PaymentReference);
        Assert.Equal(items[0].ReplayPayment!.Aliases, stored.ReplayPayment.Aliases);
        Assert.Equal(5_000, stored.ReplayPayment.PaidAmount);
    }

    [Fact]
    public async Task A_program_lists_its_reconciliations_a_page_at_a_time()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new TableReconciliationStore(account);
        foreach (var n in Enumerable.Range(1, 3))
        {
            await store.SaveAsync(new Core.Reconciliation.Reconciliation($"rec_{n}", ProgramId, ExportFormat.PaddleTransactions, "paddle", TestData.Now, null, null, n, 0, n, 0, 0, 0), default);
        }

        var first = await store.ListAsync(ProgramId, null, 2, default);
        var rest = await store.ListAsync(ProgramId, first.Next, 2, default);

        Assert.Equal(["rec_1", "rec_2"], first.Items.Select(item => item.Id));
        Assert.Equal("rec_3", Assert.Single(rest.Items).Id);
        Assert.Empty((await store.ListAsync("prg_other", null, 2, default)).Items);
    }
}
