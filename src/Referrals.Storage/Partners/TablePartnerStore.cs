using Azure;
using Azure.Data.Tables;
using Referrals.Core.Partners;

namespace Referrals.Storage.Partners;

/// <summary>Partners in the <c>Partners</c> table: PartitionKey = partner id (unique across programs), RowKey empty.</summary>
public sealed class TablePartnerStore(StorageAccount account) : IPartnerStore
{
    private readonly TableClient _table = account.GetTableClient("Partners");

    public async Task CreateAsync(Partner partner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partner);
        TableKeys.Require(partner.Id, nameof(partner));
        try
        {
            await _table.AddEntityAsync(ToEntity(partner), cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.IsConflict())
        {
            throw new InvalidOperationException($"Partner {partner.Id} already exists.", exception);
        }
    }

    public async Task<Partner?> GetAsync(string partnerId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(partnerId))
        {
            return null;
        }

        var response = await _table.GetEntityIfExistsAsync<TableEntity>(partnerId, string.Empty, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    private static TableEntity ToEntity(Partner partner) =>
        new TableEntity(partner.Id, string.Empty)
            .With("ProgramId", partner.ProgramId)
            .With("Name", partner.Name)
            .With("Email", partner.Email)
            .With("Type", partner.Type.ToString())
            .With("Status", partner.Status.ToString())
            .With("CreatedAt", partner.CreatedAt)
            .With("IntroducedBy", partner.IntroducedBy);

    private static Partner FromEntity(TableEntity entity) => new(
        entity.PartitionKey,
        entity.RequiredString("ProgramId"),
        entity.RequiredString("Name"),
        entity.RequiredString("Email"),
        entity.RequiredEnum<PartnerType>("Type"),
        entity.RequiredEnum<PartnerStatus>("Status"),
        entity.RequiredTime("CreatedAt"),
        entity.GetString("IntroducedBy"));
}
