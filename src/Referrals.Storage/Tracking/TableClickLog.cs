using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Referrals.Core.Tracking;

namespace Referrals.Storage.Tracking;

/// <summary>
/// Clicks in the <c>Clicks</c> table, packed: one entity per group-commit flush and link, under the
/// keys <see cref="ClickKeys"/> gives (PartitionKey <c>{shard}-{yyyyMMddHH}-{linkCode}</c>, RowKey = the
/// flush key). The entity holds the clicks in <see cref="ClickPack"/> form in the binary properties
/// <c>D0</c>, <c>D1</c>, … (64 KiB each), plus <c>V</c> (payload version), <c>LinkCode</c>,
/// <c>Count</c>, <c>LastAt</c> (newest click) and <c>Projected</c> (the outbox flag).
/// </summary>
/// <remarks>
/// One flush entry is one insert, so it is stored all or none, and a click id names its entity and
/// its place in it, so reading a click back is one point read. An entry's capacity is the packed
/// payload's limit (<see cref="ClickPack.MaxPayloadSize"/>), so the recorder never hands over an entry
/// this log cannot store in one entity.
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

    /// <summary>The packed payload's limit less its fixed header, in bytes.</summary>
    public int EntryCapacity => ClickPack.MaxPayloadSize - ClickPack.HeaderSize;

    /// <summary>The most bytes <paramref name="click"/> adds to a packed payload.</summary>
    public int MaxSizeOf(ClickDraft click) => ClickPack.MaxEncodedSize(click);

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
        var partition = TableKeys.Require(ClickKeys.PartitionKey(first), nameof(clicks));
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

        var entity = new TableEntity(partition, TableKeys.Require(ClickKeys.RowKey(first), nameof(clicks)))
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

        try
        {
            await _table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException conflict) when (conflict.Status == 409)
        {
            // The flush key is fresh and random, so the entry can only exist because an earlier attempt
            // whose answer was lost (timed out while storage hung) did store it.
        }
    }

    /// <summary>Storage that did not answer, was unavailable or throttled: the entry is worth writing again.</summary>
    public bool IsTransient(Exception exception) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransient),
        _ => exception is TimeoutException or OperationCanceledException or IOException or HttpRequestException,
    };

    public async Task<Click?> GetAsync(ClickId id, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(id.LinkCode) || !TableKeys.IsValid(id.Flush))
        {
            return null;
        }

        var response = await _table.GetEntityIfExistsAsync<TableEntity>(ClickKeys.PartitionKey(id), ClickKeys.RowKey(id), cancellationToken: cancellationToken);
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
                $"PartitionKey ge {ClickKeys.PartitionPrefix(shard, firstHour)} and PartitionKey lt {ClickKeys.PartitionPrefix(shard, afterLastHour)} and Projected eq {false} and LastAt lt {before.ToUniversalTime()}");
            await foreach (var entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: 100, select: SweepColumns, cancellationToken: cancellationToken))
            {
                if (ClickKeys.FirstClickOf(entity.PartitionKey, entity.RowKey, entity.GetString(LinkCode)) is { } id)
                {
                    yield return Decode(entity, id);
                }
            }
        }
    }

    public async Task MarkProjectedAsync(IReadOnlyList<ClickId> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        await Task.WhenAll(entries.Select(id => (Partition: ClickKeys.PartitionKey(id), Row: ClickKeys.RowKey(id))).Distinct().Select(async keys =>
        {
            try
            {
                await _table.UpdateEntityAsync(new TableEntity(keys.Partition, keys.Row) { [Projected] = true }, ETag.All, TableUpdateMode.Merge, cancellationToken);
            }
            catch (RequestFailedException exception) when (exception.Status == 404)
            {
                // Nothing stored under this entry (its write failed): nothing to mark.
            }
        }));
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
