using Azure.Data.Tables;
using Referrals.Core.Partners;

namespace Referrals.Storage.Partners;

/// <summary>
/// Profiles in <c>PartnerProfiles</c> (partner id / empty). Saving also renames the partner in its own
/// row; the profile is written first, so a crash in between leaves the old name until the next save.
/// </summary>
public sealed class TablePartnerProfileStore(StorageAccount account, TablePartnerStore partners) : IPartnerProfileStore
{
    private readonly TableClient _table = account.GetTableClient("PartnerProfiles");

    public async Task<PartnerProfile?> GetAsync(string partnerId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(partnerId))
        {
            return null;
        }

        var response = await _table.GetEntityIfExistsAsync<TableEntity>(partnerId, string.Empty, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var entity = response.Value!;
        return new PartnerProfile(partnerId, entity.RequiredString("Name"), entity.GetString("Website"), entity.GetString("Channels"), entity.GetString("Country"), entity.RequiredTime("UpdatedAt"));
    }

    public async Task SaveAsync(PartnerProfile profile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var entity = new TableEntity(TableKeys.Require(profile.PartnerId, nameof(profile)), string.Empty)
            .With("Name", profile.Name)
            .With("Website", profile.Website)
            .With("Channels", profile.Channels)
            .With("Country", profile.Country)
            .With("UpdatedAt", profile.UpdatedAt);
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        await partners.RenameAsync(profile.PartnerId, profile.Name, cancellationToken);
    }
}
