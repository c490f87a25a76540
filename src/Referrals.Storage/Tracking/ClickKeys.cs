using System.Globalization;
using Referrals.Core.Tracking;

namespace Referrals.Storage.Tracking;

/// <summary>
/// Where a click's entry lives in the <c>Clicks</c> table: PartitionKey <c>{shard}-{yyyyMMddHH}-{linkCode}</c>
/// (for example <c>h-2025031410-AbCd1234</c>), RowKey = the flush key. Every click of one entry has the
/// same keys; the click's index is its place in the entry's payload.
/// </summary>
/// <remarks>
/// Shard and hour lead the PartitionKey, so the outbox sweeper finds recent flushes with one range
/// query per shard (<see cref="PartitionPrefix"/>), and a hot link's entries spread over
/// <see cref="ClickId.ShardCount"/> partitions and key ranges instead of appending to one.
/// </remarks>
internal static class ClickKeys
{
    // A shard is written as its base32 letter, the one the click id carries, so a key reads like the ids stored under it.
    private const string ShardLetters = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>The PartitionKey of the entry holding <paramref name="id"/>.</summary>
    public static string PartitionKey(ClickId id) =>
        string.Create(CultureInfo.InvariantCulture, $"{ShardLetters[id.Shard]}-{id.Hour.ToUniversalTime():yyyyMMddHH}-{id.LinkCode}");

    /// <summary>The RowKey of the entry holding <paramref name="id"/>: its flush key.</summary>
    public static string RowKey(ClickId id) => id.Flush;

    /// <summary>The first PartitionKey prefix of <paramref name="shard"/> for <paramref name="hour"/>, for range queries over recent flushes.</summary>
    public static string PartitionPrefix(int shard, DateTimeOffset hour) =>
        string.Create(CultureInfo.InvariantCulture, $"{ShardLetters[shard]}-{ClickId.TruncateToHour(hour):yyyyMMddHH}");

    /// <summary>
    /// The id of the first click of the entry stored under these keys (the link code is a property of
    /// the entity), or null when they are not keys this layout writes.
    /// </summary>
    public static ClickId? FirstClickOf(string partitionKey, string rowKey, string? linkCode)
    {
        var shard = partitionKey.Length == 0 ? -1 : ShardLetters.IndexOf(partitionKey[0], StringComparison.Ordinal);
        if (linkCode is null || shard < 0 || partitionKey.Length < 13 || partitionKey[1] != '-'
            || !DateTimeOffset.TryParseExact(partitionKey.AsSpan(2, 10), "yyyyMMddHH", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var hour))
        {
            return null;
        }

        // The id's own parser checks link code, hour and flush key; the keys must then be the ones it maps to.
        var candidate = new ClickId(linkCode, hour, shard, rowKey, 0);
        return ClickId.TryParse(candidate.ToString(), out var id) && PartitionKey(id) == partitionKey ? id : null;
    }
}
