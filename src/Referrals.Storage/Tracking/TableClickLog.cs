using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Referrals.Core.Tracking;

namespace Referrals.Storage.Tracking;

/// <summary>
/// Clicks in the <c>Clicks</c> table, packed: one entity per group-commit flush and partition.
/// PartitionKey = <see cref="ClickId.Partition"/> (<c>{shard}-{yyyyMMddHH}-{linkCode}</c>), RowKey = the
/// flush key. The entity holds the clicks in <see cref="ClickPack"/> form in the binary properties
/// <c>D0</c>, <c>D1</c>, … (64 KiB each), plus <c>V</c> (payload version), <c>LinkCode</c>,
/// <c>Count</c>, <c>LastAt</c> (newest click) and <c>Projected</c> (the outbox flag).
/// </summary>
/// <remarks>
/// One flush entry is one insert, so it is stored all or none, and a click id names its entity and
/// its place in it, so reading a click back is one point read. Shard and hour lead the PartitionKey:
/// the outbox sweeper finds recent unprojected flushes with one range query per shard, and a hot
/// link's writes spread over <see cref="ClickId.ShardCount"/> partitions (and key ranges).
/// </remarks>
public sealed class TableClickLog(StorageAccount account) : IClickLog
{
    private const string Version = "V";
    private const string LinkCode = "LinkCode";
    private const string Count = "Count";
    private const string LastAt = "LastAt";
    private const string Projected = "Projected";
    private const int MaxChunks = ClickPack.MaxPayloadSize / ClickPack.ChunkSize + 1;

    private static readonly string[] Chunks = [.. Enumerable.Range(0, MaxChunks).Select(i => "D" + i)];
    private static readonly string[] SweepColumns = ["PartitionKey", "RowKey", Version, LinkCode, .. Chunks];

    private readonly TableClient _table = account.GetTableClient("Clicks");

    public async Task AppendAsync(IReadOnlyList<Click> clicks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clicks);
        if (clicks.Count == 0)
        {
            return;
        }

        if (clicks.Count > ClickId.MaxIndex + 1)
        {
            throw new ArgumentException($"At most {ClickId.MaxIndex + 1} clicks fit in one entry; got {clicks.Count}.", nameof(clicks));
        }

        var first = clicks[0].Id;
        var partition = TableKeys.Require(first.Partition, nameof(clicks));
        for (var i = 0; i < clicks.Count; i++)
        {
            var id = clicks[i].Id;
            if (id.Index != i || id.Shard != first.Shard || id.Hour != first.Hour || id.Flush != first.Flush || id.LinkCode != first.LinkCode)
            {
                throw new ArgumentException("The clicks of an entry must share one partition and flush and be in index order from 0.", nameof(clicks));
            }
        }

        var chunks = ClickPack.Encode(clicks);
        if (chunks.Count > MaxChunks)
        {
            throw new ArgumentException($"The entry's clicks take {chunks.Sum(chunk => chunk.Length):N0} bytes packed; at most {ClickPack.MaxPayloadSize:N0} fit.", nameof(clicks));
        }

        var entity = new TableEntity(partition, TableKeys.Require(first.Flush, nameof(clicks)))
        {
            [Version] = (int)ClickPack.Version,
            [LinkCode] = first.LinkCode,
            [Count] = clicks.Count,
            [LastAt] = clicks.Max(click => click.OccurredAt).ToUniversalTime(),
            [Projected] = false,
        };
        for (var i = 0; i < chunks.Count; i++)
        {
            entity[Chunks[i]] = chunks[i];
        }

        await _table.AddEntityAsync(entity, cancellationToken);
    }

    public async Task<Click?> GetAsync(ClickId id, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(id.LinkCode) || !TableKeys.IsValid(id.Flush))
        {
            return null;
        }

        var response = await _table.GetEntityIfExistsAsync<TableEntity>(id.Partition, id.Flush, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var clicks = Decode(response.Value!, id);
        return id.Index < clicks.Count ? clicks[id.Index] : null;
    }

    public async IAsyncEnumerable<IReadOnlyList<Click>> FindUnprojectedAsync(
        DateTimeOffset from, DateTimeOffset before, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var firstHour = ClickId.TruncateToHour(from);
        var afterLastHour = ClickId.TruncateToHour(before).AddHours(1);
        for (var shard = 0; shard < ClickId.ShardCount; shard++)
        {
            var filter = TableClient.CreateQueryFilter(
                $"PartitionKey ge {ClickId.PartitionPrefix(shard, firstHour)} and PartitionKey lt {ClickId.PartitionPrefix(shard, afterLastHour)} and Projected eq {false} and LastAt lt {before.ToUniversalTime()}");
            await foreach (var entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: 100, select: SweepColumns, cancellationToken: cancellationToken))
            {
                if (ParseKeys(entity) is { } id)
                {
                    yield return Decode(entity, id);
                }
            }
        }
    }

    public async Task MarkProjectedAsync(IReadOnlyList<ClickId> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        await Task.WhenAll(entries.DistinctBy(id => (id.Partition, id.Flush)).Select(async id =>
        {
            try
            {
                await _table.UpdateEntityAsync(new TableEntity(id.Partition, id.Flush) { [Projected] = true }, ETag.All, TableUpdateMode.Merge, cancellationToken);
            }
            catch (RequestFailedException exception) when (exception.Status == 404)
            {
                // Nothing stored under this entry (its write failed): nothing to mark.
            }
        }));
    }

    /// <summary>The id of an entity's first click, from its keys: the hour and shard are in the PartitionKey.</summary>
    private static ClickId? ParseKeys(TableEntity entity)
    {
        var partition = entity.PartitionKey;
        var linkCode = entity.GetString(LinkCode);
        var text = linkCode is null || partition.Length < 13
            ? null
            : $"{linkCode}.p{partition.AsSpan(4, 8)}{partition[0]}.{entity.RowKey}.0";
        return ClickId.TryParse(text, out var id) && id.Partition == partition ? id : null;
    }

    private static IReadOnlyList<Click> Decode(TableEntity entity, ClickId any)
    {
        if (entity.GetInt32(Version) is not { } version || version != ClickPack.Version)
        {
            throw new InvalidOperationException($"Click entry ({entity.PartitionKey}, {entity.RowKey}) has payload version {entity.GetInt32(Version)}, not {ClickPack.Version}.");
        }

        var chunks = new List<byte[]>(1);
        foreach (var name in Chunks)
        {
            if (entity.GetBinary(name) is not { } chunk)
            {
                break;
            }

            chunks.Add(chunk);
        }

        return ClickPack.Decode(any with { Index = 0 }, chunks);
    }
}
