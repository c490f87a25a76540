using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Referrals.Core.Commissions;
using Referrals.Core.Payouts;

namespace Referrals.Storage.Commissions;

/// <summary>
/// The commission ledger as payout runs use it (<see cref="IPayoutLedger"/>): streamed queries that
/// read only the properties a run needs, and status moves written as entity-group transactions per
/// partner partition under each entity's ETag. A move records <c>{Status}Run</c> and <c>{Status}At</c>
/// (<c>ApprovedRun</c>, <c>ApprovedAt</c>, <c>PaidRun</c>, <c>PaidAt</c>).
/// </summary>
public sealed partial class TableCommissionStore : IPayoutLedger
{
    private static readonly string[] PayoutColumns = ["PartitionKey", "RowKey", "ProgramId", "Status", "Amount", "Currency", "CreatedAt", "ApprovedAt"];

    public async IAsyncEnumerable<PayoutCommission> StreamAsync(string programId, CommissionStatus status, DateTimeOffset createdBefore, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(programId);
        var statusName = status.ToString();
        var filter = TableClient.CreateQueryFilter($"ProgramId eq {programId} and Status eq {statusName} and CreatedAt lt {createdBefore}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: PayoutColumns, cancellationToken: cancellationToken))
        {
            yield return ToPayoutCommission(entity);
        }
    }

    public async Task<int> MoveAsync(string partnerId, CommissionStatus from, CommissionStatus to, Func<PayoutCommission, bool> select, string runId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(select);
        TableKeys.Require(partnerId, nameof(partnerId));
        var fromName = from.ToString();
        var moved = 0;
        for (var attempt = 0; ; attempt++)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partnerId} and Status eq {fromName}");
            var batch = new List<TableTransactionAction>(100);
            var conflict = false;
            await foreach (var entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: PayoutColumns, cancellationToken: cancellationToken))
            {
                if (!select(ToPayoutCommission(entity)))
                {
                    continue;
                }

                var change = new TableEntity(entity.PartitionKey, entity.RowKey)
                {
                    ["Status"] = to.ToString(),
                    [to + "Run"] = runId,
                    [to + "At"] = at,
                };
                batch.Add(new TableTransactionAction(TableTransactionActionType.UpdateMerge, change, entity.ETag));
                if (batch.Count == 100)
                {
                    conflict = !await TrySubmitAsync(batch, cancellationToken);
                    moved += conflict ? 0 : batch.Count;
                    batch.Clear();
                    if (conflict)
                    {
                        break;
                    }
                }
            }

            if (!conflict && batch.Count > 0)
            {
                conflict = !await TrySubmitAsync(batch, cancellationToken);
                moved += conflict ? 0 : batch.Count;
            }

            if (!conflict)
            {
                return moved;
            }

            if (attempt == 10)
            {
                throw new InvalidOperationException($"The commissions of partner {partnerId} kept changing while run {runId} moved them.");
            }
        }
    }

    // A 412 means another writer (a refund adjusting a commission) changed an entity since it was read;
    // the transaction stored nothing, so the caller reads the partition again.
    private async Task<bool> TrySubmitAsync(List<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        try
        {
            await _table.SubmitTransactionAsync(batch, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException exception) when (exception.Status is 412 or 404)
        {
            return false;
        }
    }

    private static PayoutCommission ToPayoutCommission(TableEntity entity) => new(
        entity.RowKey,
        entity.RequiredString("ProgramId"),
        entity.PartitionKey,
        entity.RequiredLong("Amount"),
        entity.RequiredString("Currency"),
        entity.RequiredTime("CreatedAt"),
        entity.RequiredEnum<CommissionStatus>("Status"),
        entity.GetDateTimeOffset("ApprovedAt"));
}
