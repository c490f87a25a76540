using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Referrals.Core;
using Referrals.Core.Conversions;
using Referrals.Core.Reconciliation;

namespace Referrals.Storage.Reconciliation;

/// <summary>
/// Reconciliations in the <c>Reconciliations</c> table (PartitionKey = program id, RowKey = reconciliation id,
/// the counts as properties) and their lines in <c>ReconciliationItems</c>, one small entity per line, in four
/// partitions per reconciliation: <c>{id}_missing</c> (RowKey = the export's line number, zero-padded, so
/// lines read in file order), <c>{id}_found</c> (matched and differing, RowKey = conversion id, so they merge
/// with the program's conversions in id order), <c>{id}_extra</c> (RowKey = conversion id) and
/// <c>{id}_refunds</c> (RowKey = payment conversion id + <c>_</c> + refund conversion id). Lines are written in
/// Table transactions of up to 100 (one partition each); no entity grows with the export.
/// </summary>
public sealed class TableReconciliationStore(StorageAccount account) : IReconciliationStore
{
    private const int MaxBatch = 100;
    private const string MissingPart = "missing";
    private const string FoundPart = "found";
    private const string ExtraPart = "extra";
    private const string RefundsPart = "refunds";

    private readonly TableClient _reconciliations = account.GetTableClient("Reconciliations");
    private readonly TableClient _items = account.GetTableClient("ReconciliationItems");

    public async Task AddItemsAsync(string reconciliationId, IReadOnlyList<ReconciliationItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        await SubmitAsync(items.Select(item => ToEntity(reconciliationId, item)), cancellationToken);
    }

    public IAsyncEnumerable<ReconciliationItem> StreamFoundAsync(string reconciliationId, CancellationToken cancellationToken) =>
        QueryItemsAsync(reconciliationId, FoundPart, null, null, cancellationToken).Select(pair => pair.Item);

    public async Task AddRefundsAsync(string reconciliationId, IReadOnlyList<RecordedRefund> refunds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refunds);
        await SubmitAsync(
            refunds.Select(refund => new TableEntity(Partition(reconciliationId, RefundsPart), refund.PaymentConversionId + "_" + refund.RefundConversionId)
                .With("PaymentConversionId", refund.PaymentConversionId)
                .With("RefundConversionId", refund.RefundConversionId)
                .With("Amount", refund.Amount)),
            cancellationToken);
    }

    public async IAsyncEnumerable<RecordedRefund> StreamRefundsAsync(string reconciliationId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(reconciliationId, RefundsPart)}");
        await foreach (var entity in _items.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            yield return new RecordedRefund(entity.RequiredString("PaymentConversionId"), entity.RequiredString("RefundConversionId"), entity.RequiredLong("Amount"));
        }
    }

    public async Task SaveAsync(Core.Reconciliation.Reconciliation reconciliation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reconciliation);
        var entity = new TableEntity(TableKeys.Require(reconciliation.ProgramId, nameof(reconciliation)), TableKeys.Require(reconciliation.Id, nameof(reconciliation)))
            .With("Format", reconciliation.Format.ToString())
            .With("Source", reconciliation.Source)
            .With("CreatedAt", reconciliation.CreatedAt)
            .With("From", reconciliation.From)
            .With("To", reconciliation.To)
            .With("Rows", reconciliation.Rows)
            .With("Skipped", reconciliation.Skipped)
            .With("Matched", reconciliation.Matched)
            .With("Missing", reconciliation.Missing)
            .With("Differing", reconciliation.Differing)
            .With("Extra", reconciliation.Extra);
        await _reconciliations.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<Core.Reconciliation.Reconciliation?> GetAsync(string programId, string reconciliationId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(programId) || !TableKeys.IsValid(reconciliationId))
        {
            return null;
        }

        var response = await _reconciliations.GetEntityIfExistsAsync<TableEntity>(programId, reconciliationId, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async Task<ListPage<Core.Reconciliation.Reconciliation>> ListAsync(string programId, string? after, int limit, CancellationToken cancellationToken)
    {
        var found = new List<Core.Reconciliation.Reconciliation>();
        if (!TableKeys.IsValid(programId) || (after is not null && !TableKeys.IsValid(after)))
        {
            return new ListPage<Core.Reconciliation.Reconciliation>(found, null);
        }

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {programId} and RowKey gt {after ?? string.Empty}");
        await foreach (var entity in _reconciliations.QueryAsync<TableEntity>(filter, maxPerPage: limit, cancellationToken: cancellationToken))
        {
            found.Add(FromEntity(entity));
            if (found.Count == limit)
            {
                return new ListPage<Core.Reconciliation.Reconciliation>(found, entity.RowKey);
            }
        }

        return new ListPage<Core.Reconciliation.Reconciliation>(found, null);
    }

    public async Task<ListPage<ReconciliationItem>> ListItemsAsync(
        string reconciliationId, ReconciliationCategory? category, string? after, int limit, CancellationToken cancellationToken)
    {
        // The continuation names the partition and the row: "found:cv_…".
        var parts = PartsOf(category);
        var start = 0;
        string? afterRow = null;
        if (after is not null)
        {
            var separator = after.IndexOf(':', StringComparison.Ordinal);
            start = separator < 0 ? -1 : Array.IndexOf(parts, after[..separator]);
            if (start < 0)
            {
                return new ListPage<ReconciliationItem>([], null);
            }

            afterRow = after[(separator + 1)..];
        }

        var found = new List<ReconciliationItem>();
        for (var index = start; index < parts.Length; index++)
        {
            await foreach (var (item, rowKey) in QueryItemsAsync(reconciliationId, parts[index], category, index == start ? afterRow : null, cancellationToken))
            {
                found.Add(item);
                if (found.Count == limit)
                {
                    return new ListPage<ReconciliationItem>(found, parts[index] + ":" + rowKey);
                }
            }
        }

        return new ListPage<ReconciliationItem>(found, null);
    }

    public async IAsyncEnumerable<ReconciliationItem> StreamItemsAsync(
        string reconciliationId, ReconciliationCategory? category, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var part in PartsOf(category))
        {
            await foreach (var (item, _) in QueryItemsAsync(reconciliationId, part, category, null, cancellationToken))
            {
                yield return item;
            }
        }
    }

    private static string[] PartsOf(ReconciliationCategory? category) => category switch
    {
        ReconciliationCategory.Missing => [MissingPart],
        ReconciliationCategory.Extra => [ExtraPart],
        ReconciliationCategory.Matched or ReconciliationCategory.Differing => [FoundPart],
        _ => [MissingPart, FoundPart, ExtraPart],
    };

    private async IAsyncEnumerable<(ReconciliationItem Item, string RowKey)> QueryItemsAsync(
        string reconciliationId, string part, ReconciliationCategory? category, string? afterRow, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(reconciliationId) || (afterRow is not null && !TableKeys.IsValid(afterRow)))
        {
            yield break;
        }

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(reconciliationId, part)} and RowKey gt {afterRow ?? string.Empty}");
        if (part == FoundPart && category is { } wanted)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Category eq {wanted.ToString()}");
        }

        await foreach (var entity in _items.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            yield return (ItemFromEntity(entity), entity.RowKey);
        }
    }

    private async Task SubmitAsync(IEnumerable<TableEntity> entities, CancellationToken cancellationToken)
    {
        foreach (var partition in entities.GroupBy(entity => entity.PartitionKey))
        {
            // A transaction may not touch one row twice: the last write of a row wins, as it would one by one.
            var rows = partition.GroupBy(entity => entity.RowKey).Select(same => same.Last()).ToList();
            foreach (var chunk in rows.Chunk(MaxBatch))
            {
                await _items.SubmitTransactionAsync(chunk.Select(entity => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity)), cancellationToken);
            }
        }
    }

    private static string Partition(string reconciliationId, string part) => reconciliationId + "_" + part;

    private static TableEntity ToEntity(string reconciliationId, ReconciliationItem item)
    {
        var (part, row) = item.Category switch
        {
            ReconciliationCategory.Missing => (MissingPart, (item.Line ?? 0).ToString("D12", CultureInfo.InvariantCulture)),
            ReconciliationCategory.Extra => (ExtraPart, item.ConversionId!),
            _ => (FoundPart, item.ConversionId!),
        };
        var entity = new TableEntity(TableKeys.Require(Partition(reconciliationId, part), nameof(reconciliationId)), TableKeys.Require(row, nameof(item)))
            .With("Category", item.Category.ToString())
            .With("PaymentId", item.PaymentId)
            .With("Line", item.Line)
            .With("OccurredAt", item.OccurredAt)
            .With("ExportAmount", item.ExportPaid?.Amount)
            .With("ExportCurrency", item.ExportPaid?.Currency)
            .With("ExportRefunded", item.ExportRefunded)
            .With("ConversionId", item.ConversionId)
            .With("RecordedAmount", item.RecordedPaid?.Amount)
            .With("RecordedCurrency", item.RecordedPaid?.Currency)
            .With("RecordedRefunded", item.RecordedRefunded)
            .With("Differences", item.Differences)
            .With("ReplayedConversionId", item.ReplayedConversionId);
        if (item.Replay is { } draft)
        {
            entity
                .With("ReplayEventId", draft.EventId)
                .With("ReplayType", draft.Type?.ToString())
                .With("ReplayAmount", draft.Amount)
                .With("ReplayCurrency", draft.Currency)
                .With("ReplayCustomerId", draft.CustomerId)
                .With("ReplayClickId", draft.ClickId)
                .With("ReplayCode", draft.Code)
                .With("ReplayProductId", draft.ProductId)
                .With("ReplayOccurredAt", draft.OccurredAt)
                .With("ReplayPaymentReference", item.ReplayPayment?.PaymentReference)
                .With("ReplayPaidAmount", item.ReplayPayment?.PaidAmount)
                .With("ReplayAliases", item.ReplayPayment?.Aliases is { Count: > 0 } aliases ? string.Join(' ', aliases) : null);
        }

        return entity;
    }

    private static ReconciliationItem ItemFromEntity(TableEntity entity)
    {
        ConversionDraft? draft = null;
        PaymentDetails? payment = null;
        if (entity.GetString("ReplayEventId") is { } eventId)
        {
            draft = new ConversionDraft(
                eventId,
                entity.OptionalEnum<ConversionType>("ReplayType"),
                entity.GetInt64("ReplayAmount"),
                entity.GetString("ReplayCurrency"),
                entity.GetString("ReplayCustomerId"),
                entity.GetString("ReplayClickId"),
                entity.GetString("ReplayCode"),
                entity.GetString("ReplayProductId"),
                entity.GetDateTimeOffset("ReplayOccurredAt"));
            payment = new PaymentDetails(
                PaymentReference: entity.GetString("ReplayPaymentReference"),
                PaidAmount: entity.GetInt64("ReplayPaidAmount"),
                Aliases: entity.GetString("ReplayAliases")?.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }

        return new ReconciliationItem(
            entity.RequiredEnum<ReconciliationCategory>("Category"),
            entity.RequiredString("PaymentId"),
            entity.GetInt64("Line"),
            entity.GetDateTimeOffset("OccurredAt"),
            entity.GetString("ExportCurrency") is { } exportCurrency ? new Money(entity.GetInt64("ExportAmount") ?? 0, exportCurrency) : null,
            entity.GetInt64("ExportRefunded"),
            entity.GetString("ConversionId"),
            entity.GetString("RecordedCurrency") is { } recordedCurrency ? new Money(entity.GetInt64("RecordedAmount") ?? 0, recordedCurrency) : null,
            entity.GetInt64("RecordedRefunded"),
            entity.GetString("Differences"),
            draft,
            payment,
            entity.GetString("ReplayedConversionId"));
    }

    private static Core.Reconciliation.Reconciliation FromEntity(TableEntity entity) => new(
        entity.RowKey,
        entity.PartitionKey,
        entity.RequiredEnum<ExportFormat>("Format"),
        entity.RequiredString("Source"),
        entity.RequiredTime("CreatedAt"),
        entity.GetDateTimeOffset("From"),
        entity.GetDateTimeOffset("To"),
        entity.RequiredLong("Rows"),
        entity.RequiredLong("Skipped"),
        entity.RequiredLong("Matched"),
        entity.RequiredLong("Missing"),
        entity.RequiredLong("Differing"),
        entity.RequiredLong("Extra"));
}
