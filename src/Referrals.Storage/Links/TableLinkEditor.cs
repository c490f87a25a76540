using Azure;
using Azure.Data.Tables;
using Referrals.Core;
using Referrals.Core.Links;

namespace Referrals.Storage.Links;

/// <summary>
/// Changes to links (<c>Links</c>) and codes (<c>ReferralCodes</c>) with ETag concurrency, each followed
/// by its copy in <c>PartnerLinks</c>, which the lists by partner read. As when issuing, the copy is
/// written after the row of record: a crash in between leaves the list showing the old row until the
/// next change, never a change the row of record does not have.
/// </summary>
public sealed class TableLinkEditor(StorageAccount account, PartnerLinkIndex index) : ILinkEditor
{
    private readonly TableClient _links = account.GetTableClient("Links");
    private readonly TableClient _codes = account.GetTableClient("ReferralCodes");
    private readonly TableClient _index = account.GetTableClient(PartnerLinkIndex.TableName);

    public async Task<(Link Before, Link After)?> UpdateLinkAsync(string code, Func<Link, Link> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!TableKeys.IsValid(code))
        {
            return null;
        }

        var changed = await UpdateAsync(_links, code, string.Empty, TableLinkStore.FromEntity, change, TableLinkStore.ToEntity, cancellationToken);
        if (changed is { } pair)
        {
            await PartnerLinkIndex.AddAsync(_index, pair.After, cancellationToken);
        }

        return changed;
    }

    public async Task<(ReferralCode Before, ReferralCode After)?> UpdateCodeAsync(
        string programId, string code, Func<ReferralCode, ReferralCode> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(change);
        var normalized = ReferralCode.Normalize(code);
        if (!TableKeys.IsValid(programId) || !TableKeys.IsValid(normalized))
        {
            return null;
        }

        var changed = await UpdateAsync(_codes, programId, normalized, TableReferralCodeStore.FromEntity, change, TableReferralCodeStore.ToEntity, cancellationToken);
        if (changed is { } pair)
        {
            await PartnerLinkIndex.AddAsync(_index, pair.After, cancellationToken);
        }

        return changed;
    }

    public Task<ListPage<Link>> ListLinksAsync(string partnerId, string? after, int limit, CancellationToken cancellationToken) =>
        index.ListLinksAsync(partnerId, after, limit, cancellationToken);

    public Task<ListPage<ReferralCode>> ListCodesAsync(string partnerId, string? after, int limit, CancellationToken cancellationToken) =>
        index.ListCodesAsync(partnerId, after, limit, cancellationToken);

    private static async Task<(T Before, T After)?> UpdateAsync<T>(
        TableClient table, string partitionKey, string rowKey, Func<TableEntity, T> read, Func<T, T> change, Func<T, TableEntity> write, CancellationToken cancellationToken)
    {
        while (true)
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
            if (!response.HasValue)
            {
                return null;
            }

            var stored = response.Value!;
            var before = read(stored);
            var after = change(before);
            try
            {
                await table.UpdateEntityAsync(write(after), stored.ETag, TableUpdateMode.Replace, cancellationToken);
                return (before, after);
            }
            catch (RequestFailedException exception) when (exception.Status == 412)
            {
                // Someone changed it since the read: apply the change to what they stored.
            }
        }
    }
}
