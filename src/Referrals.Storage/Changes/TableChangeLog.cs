using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Referrals.Core;
using Referrals.Core.Changes;

namespace Referrals.Storage.Changes;

/// <summary>
/// The audit trail in the <c>Changes</c> table: PartitionKey = program id, RowKey = the change's id,
/// which starts with the time counted down (so a partition query reads newest first) and ends with a
/// random part (so two changes in the same tick both stay). The fields are kept as JSON.
/// </summary>
public sealed class TableChangeLog(StorageAccount account) : IChangeLog
{
    private readonly TableClient _table = account.GetTableClient("Changes");

    /// <summary>A new change id for <paramref name="at"/>: newer changes sort first.</summary>
    public static string NewId(DateTimeOffset at) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..12];

    public async Task AppendAsync(ChangeRecord change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        TableKeys.Require(change.ProgramId, nameof(change));
        TableKeys.Require(change.Id, nameof(change));
        await _table.AddEntityAsync(
            new TableEntity(change.ProgramId, change.Id)
                .With("Resource", change.Resource)
                .With("ResourceId", change.ResourceId)
                .With("Action", change.Action)
                .With("Actor", change.Actor)
                .With("At", change.At)
                .With("Fields", JsonSerializer.Serialize(change.Fields)),
            cancellationToken);
    }

    public async Task<ListPage<ChangeRecord>> ListAsync(string programId, string? after, int limit, CancellationToken cancellationToken)
    {
        var changes = new List<ChangeRecord>();
        if (!TableKeys.IsValid(programId) || (after is not null && !TableKeys.IsValid(after)))
        {
            return new ListPage<ChangeRecord>(changes, null);
        }

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {programId} and RowKey gt {after ?? string.Empty}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: limit, cancellationToken: cancellationToken))
        {
            changes.Add(new ChangeRecord(
                entity.RowKey,
                entity.PartitionKey,
                entity.RequiredString("Resource"),
                entity.RequiredString("ResourceId"),
                entity.RequiredString("Action"),
                entity.RequiredString("Actor"),
                entity.RequiredTime("At"),
                JsonSerializer.Deserialize<FieldChange[]>(entity.RequiredString("Fields")) ?? []));
            if (changes.Count == limit)
            {
                break;
            }
        }

        return new ListPage<ChangeRecord>(changes, changes.Count == limit ? changes[^1].Id : null);
    }
}
