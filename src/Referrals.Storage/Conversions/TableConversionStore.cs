using Azure;
using Azure.Data.Tables;
using Referrals.Core;
using Referrals.Core.Attribution;
using Referrals.Core.Conversions;

namespace Referrals.Storage.Conversions;

/// <summary>
/// Conversions in the <c>Conversions</c> table: PartitionKey = program id, RowKey = conversion id (derived
/// from the source event, so inserting is the duplicate check). The attribution decision is flattened
/// into <c>Attribution*</c> properties.
/// </summary>
public sealed class TableConversionStore(StorageAccount account) : IConversionStore
{
    private readonly TableClient _table = account.GetTableClient("Conversions");

    public async Task<bool> TryCreateAsync(Conversion conversion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversion);
        try
        {
            await _table.AddEntityAsync(ToEntity(conversion), cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.IsConflict())
        {
            return false;
        }
    }

    public async Task<Conversion?> GetAsync(string programId, string conversionId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(programId) || !TableKeys.IsValid(conversionId))
        {
            return null;
        }

        var response = await _table.GetEntityIfExistsAsync<TableEntity>(programId, conversionId, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async Task SaveAttributionAsync(Conversion conversion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversion);

        // Unconditional: the attribution worker is the only writer after creation, and a replayed
        // message writes the same decision again.
        await _table.UpdateEntityAsync(ToEntity(conversion), ETag.All, TableUpdateMode.Replace, cancellationToken);
    }

    private static TableEntity ToEntity(Conversion conversion)
    {
        var entity = new TableEntity(
                TableKeys.Require(conversion.ProgramId, nameof(conversion)),
                TableKeys.Require(conversion.Id, nameof(conversion)))
            .With("Source", conversion.Source)
            .With("EventId", conversion.EventId)
            .With("Type", conversion.Type.ToString())
            .With("Amount", conversion.Amount.Amount)
            .With("Currency", conversion.Amount.Currency)
            .With("CustomerId", conversion.CustomerId)
            .With("ClickId", conversion.ClickId)
            .With("Code", conversion.Code)
            .With("ProductId", conversion.ProductId)
            .With("OccurredAt", conversion.OccurredAt)
            .With("ReceivedAt", conversion.ReceivedAt)
            .With("CommissionId", conversion.CommissionId);
        if (conversion.Attribution is { } decision)
        {
            entity
                .With("AttributionMethod", decision.Method.ToString())
                .With("AttributedPartnerId", decision.PartnerId)
                .With("AttributedClickId", decision.ClickId)
                .With("AttributionReason", decision.Reason)
                .With("AttributedAt", decision.DecidedAt);
        }

        return entity;
    }

    private static Conversion FromEntity(TableEntity entity) => new(
        entity.RowKey,
        entity.PartitionKey,
        entity.RequiredString("Source"),
        entity.RequiredString("EventId"),
        entity.RequiredEnum<ConversionType>("Type"),
        new Money(entity.RequiredLong("Amount"), entity.RequiredString("Currency")),
        entity.RequiredString("CustomerId"),
        entity.GetString("ClickId"),
        entity.GetString("Code"),
        entity.GetString("ProductId"),
        entity.RequiredTime("OccurredAt"),
        entity.RequiredTime("ReceivedAt"),
        entity.OptionalEnum<AttributionMethod>("AttributionMethod") is { } method
            ? new AttributionDecision(
                method,
                entity.GetString("AttributedPartnerId"),
                entity.GetString("AttributedClickId"),
                entity.RequiredString("AttributionReason"),
                entity.RequiredTime("AttributedAt"))
            : null,
        entity.GetString("CommissionId"));
}
