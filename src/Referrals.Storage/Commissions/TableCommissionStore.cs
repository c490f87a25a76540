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
public sealed class TableCommissionStore(StorageAccount account) : ICommissionStore
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
            .With("CreatedAt", commission.CreatedAt);

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
        entity.RequiredTime("CreatedAt"));
}
