using Azure;
using Azure.Data.Tables;
using Referrals.Core.Links;

namespace Referrals.Storage.Links;

/// <summary>Links in the <c>Links</c> table: PartitionKey = link code, RowKey empty, so a redirect is one point read.</summary>
public sealed class TableLinkStore(StorageAccount account) : ILinkStore
{
    private readonly TableClient _table = account.GetTableClient("Links");
    private readonly TableClient _index = account.GetTableClient(PartnerLinkIndex.TableName);

    public async Task<bool> TryCreateAsync(Link link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        TableKeys.Require(link.Code, nameof(link));
        try
        {
            await _table.AddEntityAsync(ToEntity(link), cancellationToken);
            await PartnerLinkIndex.AddAsync(_index, link, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.IsConflict())
        {
            return false;
        }
    }

    public async Task<Link?> GetAsync(string code, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(code))
        {
            return null;
        }

        var response = await _table.GetEntityIfExistsAsync<TableEntity>(code, string.Empty, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    internal static TableEntity ToEntity(Link link) =>
        new TableEntity(link.Code, string.Empty)
            .With("ProgramId", link.ProgramId)
            .With("PartnerId", link.PartnerId)
            .With("Destination", link.Destination.OriginalString)
            .With("Campaign", link.Campaign)
            .With("CreatedAt", link.CreatedAt)
            .With("UtmSource", link.Utm?.Source)
            .With("UtmMedium", link.Utm?.Medium)
            .With("UtmCampaign", link.Utm?.Campaign)
            .With("UtmTerm", link.Utm?.Term)
            .With("UtmContent", link.Utm?.Content)
            .With("RetiredAt", link.RetiredAt);

    internal static Link FromEntity(TableEntity entity) => new(
        entity.PartitionKey,
        entity.RequiredString("ProgramId"),
        entity.RequiredString("PartnerId"),
        new Uri(entity.RequiredString("Destination"), UriKind.Absolute),
        entity.GetString("Campaign"),
        entity.RequiredTime("CreatedAt"),
        Utm(entity),
        entity.GetDateTimeOffset("RetiredAt"));

    private static UtmParameters? Utm(TableEntity entity)
    {
        var utm = new UtmParameters(
            entity.GetString("UtmSource"), entity.GetString("UtmMedium"), entity.GetString("UtmCampaign"), entity.GetString("UtmTerm"), entity.GetString("UtmContent"));
        return utm.HasValues() ? utm : null;
    }
}
