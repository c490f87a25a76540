using Azure.Data.Tables;
using Referrals.Core;
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
        ListAsync(partnerId, LinkPrefix, LinkFromRow, cancellationToken);

    public Task<IReadOnlyList<ReferralCode>> ListCodesAsync(string partnerId, CancellationToken cancellationToken) =>
        ListAsync(partnerId, CodePrefix, CodeFromRow, cancellationToken);

    /// <summary>The partner's links after the code <paramref name="after"/>, one page.</summary>
    internal Task<ListPage<Link>> ListLinksAsync(string partnerId, string? after, int limit, CancellationToken cancellationToken) =>
        PageAsync(partnerId, LinkPrefix, after, limit, LinkFromRow, link => link.Code, cancellationToken);

    /// <summary>The partner's codes after the normalized code <paramref name="after"/>, one page.</summary>
    internal Task<ListPage<ReferralCode>> ListCodesAsync(string partnerId, string? after, int limit, CancellationToken cancellationToken) =>
        PageAsync(partnerId, CodePrefix, after, limit, CodeFromRow, code => ReferralCode.Normalize(code.Code), cancellationToken);

    private static Link LinkFromRow(TableEntity entity) =>
        TableLinkStore.FromEntity(new TableEntity(entity) { PartitionKey = entity.RowKey[LinkPrefix.Length..], RowKey = string.Empty });

    private static ReferralCode CodeFromRow(TableEntity entity) => new(
        entity.RequiredString("ProgramId"),
        entity.RequiredString("Code"),
        entity.PartitionKey,
        entity.GetInt32("DiscountPercent"),
        entity.RequiredTime("CreatedAt"),
        entity.GetDateTimeOffset("RetiredAt"));

    private async Task<ListPage<T>> PageAsync<T>(
        string partnerId, string prefix, string? after, int limit, Func<TableEntity, T> read, Func<T, string> key, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        if (!TableKeys.IsValid(partnerId) || (after is not null && !TableKeys.IsValid(after)))
        {
            return new ListPage<T>(rows, null);
        }

        // From just past the last row of the previous page up to the end of the prefix's range.
        var start = after is null ? prefix : prefix + after;
        var end = prefix[..^1] + ".";
        await foreach (var entity in _table.QueryAsync<TableEntity>(
            row => row.PartitionKey == partnerId && row.RowKey.CompareTo(start) > 0 && row.RowKey.CompareTo(end) < 0,
            maxPerPage: limit,
            cancellationToken: cancellationToken))
        {
            rows.Add(read(entity));
            if (rows.Count == limit)
            {
                break;
            }
        }

        return new ListPage<T>(rows, rows.Count == limit ? key(rows[^1]) : null);
    }

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
                .With("CreatedAt", code.CreatedAt)
                .With("RetiredAt", code.RetiredAt),
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
