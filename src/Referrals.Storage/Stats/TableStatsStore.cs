using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Referrals.Core.Stats;

namespace Referrals.Storage.Stats;

/// <summary>
/// Partner day counters in the <c>Stats</c> table (PartitionKey = partner id, RowKey = <c>day_yyyy-MM-dd</c>),
/// with the partner's visitor sketch of each link and day beside them (RowKey = <c>visitors_yyyy-MM-dd_{linkCode}</c>,
/// one <see cref="VisitorSketch"/> in the binary property <c>Sketch</c>) for unique clicks.
/// </summary>
/// <remarks>
/// An event is applied in one entity-group transaction in the partner's partition: an insert of the
/// marker row <c>applied_{eventId}</c> plus an insert or ETag-conditional replace of each day row and
/// each visitor sketch it changes. A
/// replayed event fails on the marker and changes nothing; two appliers racing on a day row fail on
/// the ETag, and the loser reads again and retries.
/// </remarks>
public sealed class TableStatsStore(StorageAccount account) : IStatsStore
{
    /// <summary>A transaction holds at most 100 operations: the marker plus one per day.</summary>
    public const int MaxDaysPerEvent = 99;

    private const int MaxAttempts = 20;
    private const string DayPrefix = "day_";
    private const string SketchPrefix = "visitors_";
    private const string SketchProperty = "Sketch";
    private const int MaxPlainEventIdLength = 200;

    private static readonly string[] Counters = ["Clicks", "UniqueClicks", "BotClicks", "Leads", "Sales", "Revenue", "Earnings"];

    private readonly TableClient _stats = account.GetTableClient("Stats");

    public Task<bool> ApplyAsync(string partnerId, string eventId, IReadOnlyList<StatsDelta> deltas, CancellationToken cancellationToken) =>
        ApplyAsync(partnerId, eventId, deltas, [], cancellationToken);

    public async Task<bool> ApplyAsync(
        string partnerId, string eventId, IReadOnlyList<StatsDelta> deltas, IReadOnlyList<VisitorsSeen> visitors, CancellationToken cancellationToken)
    {
        TableKeys.Require(partnerId, nameof(partnerId));
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        ArgumentNullException.ThrowIfNull(deltas);
        ArgumentNullException.ThrowIfNull(visitors);
        var sketches = visitors
            .GroupBy(seen => (seen.LinkCode, seen.Day))
            .Select(group => (Key: SketchKey(group.Key.LinkCode, group.Key.Day), group.Key.Day, Visitors: group.SelectMany(seen => seen.VisitorHashes).ToArray()))
            .ToArray();
        var days = deltas
            .Concat(sketches.Select(sketch => new StatsDelta(sketch.Day)))
            .GroupBy(delta => delta.Day)
            .Select(day => new StatsDelta(
                day.Key,
                day.Sum(d => d.Clicks),
                day.Sum(d => d.UniqueClicks),
                day.Sum(d => d.BotClicks),
                day.Sum(d => d.Leads),
                day.Sum(d => d.Sales),
                day.Sum(d => d.Revenue),
                day.Sum(d => d.Earnings)))
            .ToArray();
        if (days.Length > MaxDaysPerEvent || days.Length + sketches.Length > IStatsStore.MaxRowsPerEvent)
        {
            throw new ArgumentException(
                $"One event may touch at most {IStatsStore.MaxRowsPerEvent} days and link-days ({MaxDaysPerEvent} days); got {days.Length} and {sketches.Length}.", nameof(deltas));
        }

        var marker = MarkerKey(eventId);
        for (var attempt = 1; ; attempt++)
        {
            var markerRead = _stats.GetEntityIfExistsAsync<TableEntity>(partnerId, marker, cancellationToken: cancellationToken);
            var dayReads = days
                .Select(day => _stats.GetEntityIfExistsAsync<TableEntity>(partnerId, DayKey(day.Day), cancellationToken: cancellationToken))
                .ToArray();
            var sketchReads = sketches
                .Select(sketch => _stats.GetEntityIfExistsAsync<TableEntity>(partnerId, sketch.Key, cancellationToken: cancellationToken))
                .ToArray();
            await Task.WhenAll(dayReads.Concat(sketchReads).Append(markerRead));
            if ((await markerRead).HasValue)
            {
                return false;
            }

            var actions = new List<TableTransactionAction>(days.Length + sketches.Length + 1)
            {
                new(TableTransactionActionType.Add, new TableEntity(partnerId, marker).With("EventId", eventId.Length <= MaxPlainEventIdLength ? eventId : null)),
            };

            // Unique clicks of a day are the sum of its link sketches' estimates: each event adds the
            // growth it caused, in the same transaction as the sketches, so the two never drift apart.
            var uniqueAdded = new Dictionary<DateOnly, long>();
            for (var i = 0; i < sketches.Length; i++)
            {
                var current = await sketchReads[i];
                var sketch = VisitorSketch.FromBytes(current.HasValue ? current.Value!.GetBinary(SketchProperty) : null);
                var before = sketch.Estimate();
                var changed = false;
                foreach (var visitor in sketches[i].Visitors)
                {
                    changed |= sketch.Add(visitor);
                }

                if (!changed)
                {
                    continue;
                }

                uniqueAdded[sketches[i].Day] = uniqueAdded.GetValueOrDefault(sketches[i].Day) + sketch.Estimate() - before;
                var row = new TableEntity(partnerId, sketches[i].Key) { [SketchProperty] = sketch.ToBytes() };
                actions.Add(current.HasValue
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, current.Value!.ETag)
                    : new TableTransactionAction(TableTransactionActionType.Add, row));
            }

            for (var i = 0; i < days.Length; i++)
            {
                var current = await dayReads[i];
                var delta = days[i] with { UniqueClicks = days[i].UniqueClicks + uniqueAdded.GetValueOrDefault(days[i].Day) };
                if (current.HasValue && delta == new StatsDelta(delta.Day))
                {
                    continue;
                }

                actions.Add(current.HasValue
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, Sum(partnerId, delta, current.Value), current.Value!.ETag)
                    : new TableTransactionAction(TableTransactionActionType.Add, Sum(partnerId, delta, null)));
            }

            try
            {
                await _stats.SubmitTransactionAsync(actions, cancellationToken);
                return true;
            }
            catch (RequestFailedException exception) when (exception.Status is 409 or 412)
            {
                if (attempt >= MaxAttempts)
                {
                    if ((await _stats.GetEntityIfExistsAsync<TableEntity>(partnerId, marker, cancellationToken: cancellationToken)).HasValue)
                    {
                        return false;
                    }

                    throw new InvalidOperationException($"Stats of partner {partnerId} stayed contended for {MaxAttempts} attempts; event {eventId} was not applied.", exception);
                }
            }

            // The next read tells whether the marker is there now (another delivery of this event won)
            // or only a day or sketch row moved on (a different event won); jitter keeps racing appliers apart.
            await Task.Delay(Backoff(attempt), cancellationToken);
        }
    }

    public async Task<IReadOnlyList<DailyStats>> GetAsync(string partnerId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(partnerId) || to < from)
        {
            return [];
        }

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partnerId} and RowKey ge {DayKey(from)} and RowKey le {DayKey(to)}");
        var days = new List<DailyStats>();
        await foreach (var entity in _stats.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            days.Add(new DailyStats(
                DateOnly.ParseExact(entity.RowKey.AsSpan(DayPrefix.Length), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                Counter(entity, "Clicks"),
                Counter(entity, "UniqueClicks"),
                Counter(entity, "BotClicks"),
                Counter(entity, "Leads"),
                Counter(entity, "Sales"),
                Counter(entity, "Revenue"),
                Counter(entity, "Earnings")));
        }

        return days.OrderBy(day => day.Day).ToArray();
    }

    private static string SketchKey(string linkCode, DateOnly day) =>
        TableKeys.Require(SketchPrefix + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "_" + linkCode, nameof(linkCode));

    private static string DayKey(DateOnly day) => DayPrefix + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The marker row of an event; long or unusual ids are hashed to stay a valid, short key.</summary>
    private static string MarkerKey(string eventId) =>
        eventId.Length <= MaxPlainEventIdLength && TableKeys.IsValid(eventId)
            ? "applied_" + eventId
            : "appliedh_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)));

    private static TableEntity Sum(string partnerId, StatsDelta delta, TableEntity? current)
    {
        long[] added = [delta.Clicks, delta.UniqueClicks, delta.BotClicks, delta.Leads, delta.Sales, delta.Revenue, delta.Earnings];
        var entity = new TableEntity(partnerId, DayKey(delta.Day));
        for (var i = 0; i < Counters.Length; i++)
        {
            entity[Counters[i]] = checked((current is null ? 0 : Counter(current, Counters[i])) + added[i]);
        }

        return entity;
    }

    private static long Counter(TableEntity entity, string name) => entity.GetInt64(name) ?? 0;

    private static TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(200, 5 * (1 << Math.Min(attempt, 6)));
#pragma warning disable CA5394 // Jitter only spreads retries; it needs no unpredictability.
        return TimeSpan.FromMilliseconds(Random.Shared.Next(1, ceiling));
#pragma warning restore CA5394
    }
}
