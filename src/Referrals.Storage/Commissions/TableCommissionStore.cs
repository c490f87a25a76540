using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Referrals.Core;
using Referrals.Core.Commissions;

namespace Referrals.Storage.Commissions;

/// <summary>
/// Commissions in the <c>Commissions</c> table: PartitionKey = partner id (a partner's ledger), RowKey =
/// commission id, with the month kept in <c>Period</c> (yyyy-MM).
/// </summary>
/// <remarks>
/// The RowKey is the commission id alone, not period + id: the id is derived from the conversion, and a
/// retried attribution may run in a later month than the first try; with the period in the key the
/// retry would insert a second row instead of finding the first one.
/// </remarks>
public sealed partial class TableCommissionStore(StorageAccount account) : ICommissionStore
{
    private readonly TableClient _table = account.GetTableClient("Commissions");

    public async Task<bool> TryCreateAsync(Commission commission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commission);
        try
        {
            await _table.AddEntityAsync(ToEntity(commission), cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.IsConflict())
        {
            return false;
        }
    }

    public async Task<Commission?> GetAsync(string partnerId, string commissionId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(partnerId) || !TableKeys.IsValid(commissionId))
        {
            return null;
        }

        var response = await _table.GetEntityIfExistsAsync<TableEntity>(partnerId, commissionId, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    /// <remarks>
    /// The commission and its entries share the partner's partition, so the new totals (under the ETag
    /// read) and the entry are one entity-group transaction: either both are stored or neither. A lost
    /// race (412 on the commission, or 409 because the entry is already there) reads again.
    /// </remarks>
    public async Task<Commission?> AdjustAsync(string partnerId, string commissionId, string entryId, Func<Commission, CommissionAdjustment> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decide);
        while (true)
        {
            if (await GetAsync(partnerId, entryId, cancellationToken) is { } existing)
            {
                return existing;
            }

            var response = await _table.GetEntityIfExistsAsync<TableEntity>(partnerId, commissionId, cancellationToken: cancellationToken);
            if (!response.HasValue)
            {
                return null;
            }

            var adjustment = decide(FromEntity(response.Value!));
            if (adjustment.Entry.Id != entryId || adjustment.Entry.PartnerId != partnerId || adjustment.Original.Id != commissionId)
            {
                throw new InvalidOperationException($"The adjustment of commission {commissionId} must be entry {entryId} of partner {partnerId}.");
            }

            try
            {
                await _table.SubmitTransactionAsync(
                    [
                        // Merge, not replace: the payout run keeps its own columns (ApprovedAt, PaidRun...) on the same row.
                        new TableTransactionAction(TableTransactionActionType.UpdateMerge, ToEntity(adjustment.Original), response.Value!.ETag),
                        new TableTransactionAction(TableTransactionActionType.Add, ToEntity(adjustment.Entry)),
                    ],
                    cancellationToken);
                return adjustment.Entry;
            }
            catch (TableTransactionFailedException exception) when (exception.Status is 409 or 412)
            {
                // Another adjustment of the same commission (or this one, delivered twice) got there first.
            }
        }
    }

    public async Task<IReadOnlyList<Commission>> ListAsync(string programId, string? partnerId, CommissionStatus? status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(programId);
        var statusName = status?.ToString();

        // Without a partner this filters across partitions; a program-keyed index comes with the read side.
        var filter = (partnerId, statusName) switch
        {
            (null, null) => TableClient.CreateQueryFilter($"ProgramId eq {programId}"),
            (null, _) => TableClient.CreateQueryFilter($"ProgramId eq {programId} and Status eq {statusName}"),
            (_, null) => TableClient.CreateQueryFilter($"PartitionKey eq {partnerId} and ProgramId eq {programId}"),
            _ => TableClient.CreateQueryFilter($"PartitionKey eq {partnerId} and ProgramId eq {programId} and Status eq {statusName}"),
        };
        var commissions = new List<Commission>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            commissions.Add(FromEntity(entity));
        }

        return commissions
            .OrderByDescending(commission => commission.CreatedAt)
            .ThenByDescending(commission => commission.Id, StringComparer.Ordinal)
            .ToArray();
    }

    private static TableEntity ToEntity(Commission commission) =>
        new TableEntity(
                TableKeys.Require(commission.PartnerId, nameof(commission)),
                TableKeys.Require(commission.Id, nameof(commission)))
            .With("Period", commission.CreatedAt.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture))
            .With("ProgramId", commission.ProgramId)
            .With("ConversionId", commission.ConversionId)
            .With("Status", commission.Status.ToString())
            .With("Amount", commission.Amount.Amount)
            .With("Currency", commission.Amount.Currency)
            .With("BaseAmount", commission.Base.Amount)
            .With("BaseCurrency", commission.Base.Currency)
            .With("Rule", commission.Rule.ToString())
            .With("Rate", commission.Rate.ToStored())
            .With("Explanation", commission.Explanation)
            .With("CreatedAt", commission.CreatedAt)
            .With("Adjusts", commission.Adjusts)
            .With("Refunded", commission.Refunded == 0 ? null : commission.Refunded)
            .With("ChargedBack", commission.ChargedBack == 0 ? null : commission.ChargedBack)
            .With("Reversed", commission.Reversed == 0 ? null : commission.Reversed)
            .With("PlanVersion", commission.PlanVersion);

    private static Commission FromEntity(TableEntity entity) => new(
        entity.RowKey,
        entity.RequiredString("ProgramId"),
        entity.PartitionKey,
        entity.RequiredString("ConversionId"),
        entity.RequiredEnum<CommissionStatus>("Status"),
        new Money(entity.RequiredLong("Amount"), entity.RequiredString("Currency")),
        new Money(entity.RequiredLong("BaseAmount"), entity.GetString("BaseCurrency") ?? entity.RequiredString("Currency")),
        entity.RequiredEnum<CommissionPlanKind>("Rule"),
        entity.OptionalDecimal("Rate"),
        entity.RequiredString("Explanation"),
        entity.RequiredTime("CreatedAt"),
        entity.GetString("Adjusts"),
        entity.GetInt64("Refunded") ?? 0,
        entity.GetInt64("ChargedBack") ?? 0,
        entity.GetInt64("Reversed") ?? 0,
        entity.GetInt32("PlanVersion"));
}
