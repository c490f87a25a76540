using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Referrals.Core;
using Referrals.Core.Webhooks;

namespace Referrals.Storage.Webhooks;

/// <summary>
/// Ignored webhook events in the <c>IgnoredEvents</c> table, one partition per program holding two kinds of
/// rows written together in one batch: the event at RowKey <c>t_</c> + inverted ticks of when it was ignored
/// + <c>_</c> + a hash of its event id (so a range query lists the newest first), and an index row at
/// <c>e_</c> + that hash naming the event's row, for lookups by event id.
/// </summary>
public sealed class TableIgnoredEventStore(StorageAccount account) : IIgnoredEventStore
{
    private const string ListPrefix = "t_";
    private const string IndexPrefix = "e_";

    private readonly TableClient _table = account.GetTableClient("IgnoredEvents");

    public async Task KeepAsync(IgnoredEvent ignored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ignored);
        var programId = TableKeys.Require(ignored.ProgramId, nameof(ignored));
        var existing = await RowKeyOfAsync(programId, ignored.EventId, cancellationToken);
        var row = ToEntity(ignored, existing ?? ListPrefix + (DateTimeOffset.MaxValue.UtcTicks - ignored.IgnoredAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "_" + Hash(ignored.EventId));
        if (existing is not null)
        {
            await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
            return;
        }

        var index = new TableEntity(programId, IndexPrefix + Hash(ignored.EventId)).With("EventRow", row.RowKey);
        try
        {
            await _table.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.Add, row), new TableTransactionAction(TableTransactionActionType.Add, index)], cancellationToken);
        }
        catch (TableTransactionFailedException exception) when (exception.Status == 409)
        {
            // The same event kept at the same moment by a concurrent delivery: one copy is enough.
        }
    }

    public async Task<IgnoredEventPage> ListAsync(string programId, string? continuation, int max, CancellationToken cancellationToken)
    {
        var found = new List<IgnoredEvent>();
        if (!TableKeys.IsValid(programId) || max < 1)
        {
            return new IgnoredEventPage(found, null);
        }

        var after = continuation is { } token && token.StartsWith(ListPrefix, StringComparison.Ordinal) ? token : ListPrefix;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {programId} and RowKey gt {after} and RowKey lt {ListPrefix + "~"}");
        string? last = null;
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: max, cancellationToken: cancellationToken))
        {
            found.Add(FromEntity(entity));
            last = entity.RowKey;
            if (found.Count >= max)
            {
                break;
            }
        }

        return new IgnoredEventPage(found, found.Count >= max ? last : null);
    }

    public async Task<IgnoredEvent?> GetAsync(string programId, string eventId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(programId) || string.IsNullOrEmpty(eventId) || await RowKeyOfAsync(programId, eventId, cancellationToken) is not { } rowKey)
        {
            return null;
        }

        var response = await _table.GetEntityIfExistsAsync<TableEntity>(programId, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async Task MarkRetriedAsync(string programId, string eventId, string outcome, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (await GetAsync(programId, eventId, cancellationToken) is not { } ignored || await RowKeyOfAsync(programId, eventId, cancellationToken) is not { } rowKey)
        {
            return;
        }

        await _table.UpsertEntityAsync(ToEntity(ignored with { Reason = outcome, RetriedAt = at }, rowKey), TableUpdateMode.Replace, cancellationToken);
    }

    private async Task<string?> RowKeyOfAsync(string programId, string eventId, CancellationToken cancellationToken)
    {
        var index = await _table.GetEntityIfExistsAsync<TableEntity>(programId, IndexPrefix + Hash(eventId), cancellationToken: cancellationToken);
        return index.HasValue ? index.Value!.GetString("EventRow") : null;
    }

    private static string Hash(string eventId) => Identifiers.Stable("ev", eventId);

    private static TableEntity ToEntity(IgnoredEvent ignored, string rowKey) =>
        new TableEntity(ignored.ProgramId, rowKey)
            .With("Source", ignored.Source)
            .With("EventId", ignored.EventId)
            .With("Type", ignored.Type)
            .With("Reason", ignored.Reason)
            .With("IgnoredAt", ignored.IgnoredAt)
            .With("Body", ignored.Body.ToArray())
            .With("Truncated", ignored.Truncated)
            .With("RetriedAt", ignored.RetriedAt);

    private static IgnoredEvent FromEntity(TableEntity entity) => new(
        entity.PartitionKey,
        entity.RequiredString("Source"),
        entity.RequiredString("EventId"),
        entity.GetString("Type"),
        entity.RequiredString("Reason"),
        entity.RequiredTime("IgnoredAt"),
        entity.GetBinary("Body") ?? [],
        entity.GetBoolean("Truncated") ?? false,
        entity.GetDateTimeOffset("RetriedAt"));
}
