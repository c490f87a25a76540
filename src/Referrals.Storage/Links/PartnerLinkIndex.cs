using Azure.Data.Tables;
using Referrals.Core.Links;

namespace Referrals.Storage.Links;

/// <summary>
/// A partner's links and codes in the <c>PartnerLinks</c> table: PartitionKey = partner id, RowKey =
/// <c>link-{code}</c> or <c>code-{normalized code}</c>, so a partner's page lists them with one
/// partition query. The link and code stores write their row here after their own.
/// </summary>
public sealed class PartnerLinkIndex(StorageAccount account) : IPartnerLinkIndex
{
    internal const string TableName = "PartnerLinks";
    private const string LinkPrefix = "link-";
    private const string CodePrefix = "code-";
    private const int MaxRows = 1000;

    private readonly TableClient _table = account.GetTableClient(TableName);

    public Task<IReadOnlyList<Link>> ListLinksAsync(string partnerId, CancellationToken cancellationToken) =>
        ListAsync(partnerId, LinkPrefix, entity => TableLinkStore.FromEntity(new TableEntity(entity) { PartitionKey = entity.RowKey[LinkPrefix.Length..], RowKey = string.Empty }), cancellationToken);

    public Task<IReadOnlyList<ReferralCode>> ListCodesAsync(string partnerId, CancellationToken cancellationToken) =>
        ListAsync(partnerId, CodePrefix, entity => new ReferralCode(
            entity.RequiredString("ProgramId"),
            entity.RequiredString("Code"),
            entity.PartitionKey,
            entity.GetInt32("DiscountPercent"),
            entity.RequiredTime("CreatedAt")), cancellationToken);

    internal static Task AddAsync(TableClient index, Link link, CancellationToken cancellationToken)
    {
        var entity = TableLinkStore.ToEntity(link);
        entity.PartitionKey = link.PartnerId;
        entity.RowKey = LinkPrefix + link.Code;
        return index.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    internal static Task AddAsync(TableClient index, ReferralCode code, CancellationToken cancellationToken) =>
        index.UpsertEntityAsync(
            new TableEntity(code.PartnerId, CodePrefix + ReferralCode.Normalize(code.Code))
                .With("ProgramId", code.ProgramId)
                .With("Code", code.Code)
                .With("DiscountPercent", code.DiscountPercent)
                .With("CreatedAt", code.CreatedAt),
            TableUpdateMode.Replace,
            cancellationToken);

    private async Task<IReadOnlyList<T>> ListAsync<T>(string partnerId, string prefix, Func<TableEntity, T> read, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        if (!TableKeys.IsValid(partnerId))
        {
            return rows;
        }

        // RowKeys from the prefix up to the next character after '-' ('.'), i.e. exactly those with the prefix.
        var end = prefix[..^1] + ".";
        await foreach (var entity in _table.QueryAsync<TableEntity>(
            row => row.PartitionKey == partnerId && row.RowKey.CompareTo(prefix) >= 0 && row.RowKey.CompareTo(end) < 0,
            cancellationToken: cancellationToken))
        {
            rows.Add(read(entity));
            if (rows.Count >= MaxRows)
            {
                break;
            }
        }

        return rows;
    }
}
