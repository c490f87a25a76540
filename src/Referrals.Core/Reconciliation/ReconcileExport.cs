using System.Runtime.CompilerServices;
using Referrals.Core.Conversions;

namespace Referrals.Core.Reconciliation;

/// <summary>
/// Compares a provider's export with what the program recorded, streamed: the export is read a batch at a
/// time and each payment looked up by its references (point reads of the payments index, as a refund's
/// webhook finds its payment); the lines are written as they are decided. Finding what we recorded but the
/// export lacks (<see cref="ReconciliationCategory.Extra"/>) and summing recorded refunds are sort-merges
/// over streams in conversion id order (the program's conversions, the found lines, the kept refunds), so
/// nothing is held but a batch, however long the export or the program's history.
/// </summary>
public sealed class ReconcileExport(IConversionStore conversions, IConversionListing listing, IReconciliationStore store, TimeProvider time)
{
    private const int BatchSize = 100;
    private const int ScanPageSize = 1000;
    // Point reads in flight at once: enough to hide storage latency, few enough not to crowd other requests.
    private const int Parallelism = 16;

    public async Task<Reconciliation> ExecuteAsync(
        string programId, ExportFormat format, string source, ExportSummary summary, IAsyncEnumerable<ExportPayment> payments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(payments);
        var id = Reconciliation.NewId(time.GetUtcNow());
        var missing = 0L;
        var batch = new List<ExportPayment>(BatchSize);
        await foreach (var payment in payments.WithCancellation(cancellationToken))
        {
            batch.Add(payment);
            if (batch.Count == BatchSize)
            {
                missing += await MatchAsync(programId, id, batch, cancellationToken);
                batch.Clear();
            }
        }

        missing += await MatchAsync(programId, id, batch, cancellationToken);
        var extra = summary.From is { } from && summary.To is { } to
            ? await FindExtraAndRefundsAsync(programId, id, source, from, to, summary.ReportsRefunds, cancellationToken)
            : 0;
        var (matched, differing) = await SettleRefundsAsync(id, cancellationToken);
        var reconciliation = new Reconciliation(
            id, programId, format, source, time.GetUtcNow(), summary.From, summary.To, summary.Rows, summary.Skipped, matched, missing, differing, extra);
        await store.SaveAsync(reconciliation, cancellationToken);
        return reconciliation;
    }

    /// <summary>Looks up one batch and writes its lines; returns how many were missing.</summary>
    private async Task<int> MatchAsync(string programId, string id, List<ExportPayment> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        var items = new ReconciliationItem[batch.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, batch.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (index, token) =>
        {
            var payment = batch[index];
            var recorded = await FindAsync(programId, payment, token);
            items[index] = recorded is null
                ? new ReconciliationItem(ReconciliationCategory.Missing, payment.PaymentId, payment.Line, payment.CreatedAt, payment.Paid, payment.Refunded,
                    Replay: payment.Replay, ReplayPayment: payment.ReplayPayment)
                : Found(payment, recorded);
        });
        await store.AddItemsAsync(id, items, cancellationToken);
        return items.Count(item => item.Category == ReconciliationCategory.Missing);
    }

    private async Task<Conversion?> FindAsync(string programId, ExportPayment payment, CancellationToken cancellationToken)
    {
        foreach (var reference in payment.References)
        {
            if (await conversions.FindByPaymentReferenceAsync(programId, payment.Source, reference, cancellationToken) is { } recorded)
            {
                return recorded;
            }
        }

        return null;
    }

    private static ReconciliationItem Found(ExportPayment payment, Conversion recorded)
    {
        var differences = PaymentComparison.Amounts(payment.Paid, recorded);
        return new ReconciliationItem(
            differences is null ? ReconciliationCategory.Matched : ReconciliationCategory.Differing,
            payment.PaymentId,
            payment.Line,
            payment.CreatedAt,
            payment.Paid,
            payment.Refunded,
            recorded.Id,
            new Money(recorded.Paid, recorded.Reported.Currency),
            RecordedRefunded: 0,
            Differences: differences);
    }

    /// <summary>
    /// One pass over the program's conversions of this source since the export's start, in id order: payments
    /// within the range that no line found are extra; refunds are kept under their payment's id for the next step.
    /// </summary>
    private async Task<long> FindExtraAndRefundsAsync(
        string programId, string id, string source, DateTimeOffset from, DateTimeOffset to, bool keepRefunds, CancellationToken cancellationToken)
    {
        var extra = 0L;
        await using var found = Ids(store.StreamFoundAsync(id, cancellationToken), cancellationToken).GetAsyncEnumerator(cancellationToken);
        var hasFound = await found.MoveNextAsync();
        var filter = new ConversionFilter(From: from, Source: source);
        string? after = null;
        do
        {
            var page = await listing.ListAsync(programId, filter, after, ScanPageSize, cancellationToken);
            var extras = new List<ReconciliationItem>();
            var refunds = new List<Conversion>();
            foreach (var conversion in page.Items)
            {
                if (conversion.Type.IsPayment() && conversion.OccurredAt < to)
                {
                    while (hasFound && string.CompareOrdinal(found.Current, conversion.Id) < 0)
                    {
                        hasFound = await found.MoveNextAsync();
                    }

                    if (!hasFound || found.Current != conversion.Id)
                    {
                        var paid = new Money(conversion.Paid, conversion.Reported.Currency);
                        extras.Add(new ReconciliationItem(ReconciliationCategory.Extra, conversion.PaymentReference ?? conversion.EventId,
                            OccurredAt: conversion.OccurredAt, ConversionId: conversion.Id, RecordedPaid: paid));
                    }
                }
                else if (keepRefunds && conversion.Type == ConversionType.Refund && conversion.OriginalPaymentReference is not null)
                {
                    refunds.Add(conversion);
                }
            }

            await store.AddItemsAsync(id, extras, cancellationToken);
            await KeepRefundsAsync(programId, id, source, refunds, cancellationToken);
            extra += extras.Count;
            after = page.Next;
        }
        while (after is not null);

        return extra;
    }

    private async Task KeepRefundsAsync(string programId, string id, string source, List<Conversion> refunds, CancellationToken cancellationToken)
    {
        var kept = new RecordedRefund?[refunds.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, refunds.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (index, token) =>
        {
            var refund = refunds[index];
            if (await conversions.FindByPaymentReferenceAsync(programId, source, refund.OriginalPaymentReference!, token) is { } payment)
            {
                kept[index] = new RecordedRefund(payment.Id, refund.Id, refund.Reported.Amount);
            }
        });
        await store.AddRefundsAsync(id, [.. kept.OfType<RecordedRefund>()], cancellationToken);
    }

    /// <summary>Sums each found payment's recorded refunds (a merge of two streams by conversion id), marks those that differ, and counts.</summary>
    private async Task<(long Matched, long Differing)> SettleRefundsAsync(string id, CancellationToken cancellationToken)
    {
        long matched = 0, differing = 0;
        await using var refunds = store.StreamRefundsAsync(id, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var hasRefund = await refunds.MoveNextAsync();
        var changed = new List<ReconciliationItem>();
        await foreach (var item in store.StreamFoundAsync(id, cancellationToken))
        {
            var refunded = 0L;
            while (hasRefund && string.CompareOrdinal(refunds.Current.PaymentConversionId, item.ConversionId) <= 0)
            {
                if (refunds.Current.PaymentConversionId == item.ConversionId)
                {
                    refunded += refunds.Current.Amount;
                }

                hasRefund = await refunds.MoveNextAsync();
            }

            var settled = item;
            if (refunded != 0 || PaymentComparison.Refunds(item.ExportRefunded, refunded, item.ExportPaid?.Currency ?? string.Empty) is not null)
            {
                var difference = PaymentComparison.Refunds(item.ExportRefunded, refunded, item.RecordedPaid?.Currency ?? item.ExportPaid?.Currency ?? string.Empty);
                settled = item with
                {
                    RecordedRefunded = refunded,
                    Category = difference is null ? item.Category : ReconciliationCategory.Differing,
                    Differences = difference is null ? item.Differences : string.Join("; ", new[] { item.Differences, difference }.OfType<string>()),
                };
                changed.Add(settled);
                if (changed.Count == BatchSize)
                {
                    await store.AddItemsAsync(id, changed, cancellationToken);
                    changed.Clear();
                }
            }

            if (settled.Category == ReconciliationCategory.Matched)
            {
                matched++;
            }
            else
            {
                differing++;
            }
        }

        await store.AddItemsAsync(id, changed, cancellationToken);
        return (matched, differing);
    }

    private static async IAsyncEnumerable<string> Ids(IAsyncEnumerable<ReconciliationItem> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            yield return item.ConversionId!;
        }
    }
}
