using Azure;
using Azure.Data.Tables;
using Referrals.Core;
using Referrals.Core.Partners;

namespace Referrals.Storage.Partners;

/// <summary>
/// Partners in the <c>Partners</c> table: PartitionKey = partner id (unique across programs), RowKey
/// empty. A copy in <c>ProgramPartners</c> (PartitionKey = program id, RowKey = partner id) lists a
/// program's partners with one partition query; the copy is written after the partner, so a crash in
/// between leaves a partner out of the list until its status is next set, never a listed partner that
/// does not exist.
/// </summary>
public sealed class TablePartnerStore(StorageAccount account) : IPartnerStore, IPartnerDirectory, IPartnerEditor
{
    // A page whose filter matches few partners stops after this many rows and hands out where it stopped.
    private const int MaxScannedPerPage = 1000;

    private readonly TableClient _table = account.GetTableClient("Partners");
    private readonly TableClient _byProgram = account.GetTableClient("ProgramPartners");

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

        await _byProgram.UpsertEntityAsync(ToIndexEntity(partner), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<Partner>> ListAsync(string programId, int max, CancellationToken cancellationToken)
    {
        var partners = new List<Partner>();
        if (!TableKeys.IsValid(programId))
        {
            return partners;
        }

        await foreach (var entity in _byProgram.QueryAsync<TableEntity>(row => row.PartitionKey == programId, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            partners.Add(FromEntity(new TableEntity(entity) { PartitionKey = entity.RowKey, RowKey = string.Empty }));
            if (partners.Count >= max)
            {
                break;
            }
        }

        return partners;
    }

    public async Task<ListPage<Partner>> ListAsync(string programId, PartnerFilter filter, string? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var partners = new List<Partner>();
        if (!TableKeys.IsValid(programId) || (after is not null && !TableKeys.IsValid(after)))
        {
            return new ListPage<Partner>(partners, null);
        }

        // Status and type are filtered by the table service; the search in name and e-mail here.
        var query = TableClient.CreateQueryFilter($"PartitionKey eq {programId} and RowKey gt {after ?? string.Empty}");
        if (filter.Status is { } status)
        {
            query += " and " + TableClient.CreateQueryFilter($"Status eq {status.ToString()}");
        }

        if (filter.Type is { } type)
        {
            query += " and " + TableClient.CreateQueryFilter($"Type eq {type.ToString()}");
        }

        var scanned = 0;
        string? last = null;
        await foreach (var entity in _byProgram.QueryAsync<TableEntity>(query, maxPerPage: Math.Min(MaxScannedPerPage, Math.Max(limit, 100)), cancellationToken: cancellationToken))
        {
            scanned++;
            last = entity.RowKey;
            var partner = FromEntity(new TableEntity(entity) { PartitionKey = entity.RowKey, RowKey = string.Empty });
            if (filter.Matches(partner))
            {
                partners.Add(partner);
            }

            if (partners.Count == limit || scanned == MaxScannedPerPage)
            {
                return new ListPage<Partner>(partners, last);
            }
        }

        return new ListPage<Partner>(partners, null);
    }

    public async Task<(Partner Before, Partner After)?> UpdateAsync(string partnerId, Func<Partner, Partner> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        while (true)
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

            var stored = response.Value!;
            var before = FromEntity(stored);
            var after = change(before) with { Id = before.Id, ProgramId = before.ProgramId };
            try
            {
                await _table.UpdateEntityAsync(ToEntity(after), stored.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            catch (RequestFailedException exception) when (exception.Status == 412)
            {
                continue;
            }

            await _byProgram.UpsertEntityAsync(ToIndexEntity(after), TableUpdateMode.Replace, cancellationToken);
            return (before, after);
        }
    }

    public async Task<Partner?> SetStatusAsync(string partnerId, PartnerStatus status, CancellationToken cancellationToken) =>
        (await UpdateAsync(partnerId, partner => partner with { Status = status }, cancellationToken))?.After;

    /// <summary>Gives the partner a new name (from its profile); the partner as stored afterwards, or null when there is none.</summary>
    public async Task<Partner?> RenameAsync(string partnerId, string name, CancellationToken cancellationToken) =>
        (await UpdateAsync(partnerId, partner => partner with { Name = name }, cancellationToken))?.After;

    private static TableEntity ToIndexEntity(Partner partner)
    {
        var entity = ToEntity(partner);
        entity.PartitionKey = partner.ProgramId;
        entity.RowKey = partner.Id;
        return entity;
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
