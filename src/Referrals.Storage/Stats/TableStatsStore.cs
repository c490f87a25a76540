using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Referrals.Core.Stats;

namespace Referrals.Storage.Stats;

/// <summary>
/// Partner day counters in the <c>Stats</c> table (PartitionKey = partner id, RowKey = <c>day_yyyy-MM-dd</c>)
/// and first visits per link and day in the <c>Visitors</c> table.
/// </summary>
/// <remarks>
/// An event is applied in one entity-group transaction in the partner's partition: an insert of the
/// marker row <c>applied_{eventId}</c> plus an insert or ETag-conditional replace of each day row. A
/// replayed event fails on the marker and changes nothing; two appliers racing on a day row fail on
/// the ETag, and the loser reads again and retries.
/// </remarks>
public sealed class TableStatsStore(StorageAccount account) : IStatsStore
{
    /// <summary>A transaction holds at most 100 operations: the marker plus one per day.</summary>
    public const int MaxDaysPerEvent = 99;

    private const int MaxAttempts = 20;
    private const string DayPrefix = "day_";
    private const int MaxPlainEventIdLength = 200;

    private static readonly string[] Counters = ["Clicks", "UniqueClicks", "BotClicks", "Leads", "Sales", "Revenue", "Earnings"];

    private readonly TableClient _stats = account.GetTableClient("Stats");
    private readonly TableClient _visitors = account.GetTableClient("Visitors");

    public async Task<bool> ApplyAsync(string partnerId, string eventId, IReadOnlyList<StatsDelta> deltas, CancellationToken cancellationToken)
    {
        TableKeys.Require(partnerId, nameof(partnerId));
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        ArgumentNullException.ThrowIfNull(deltas);
        var days = deltas
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
        if (days.Length > MaxDaysPerEvent)
        {
            throw new ArgumentException($"One event may touch at most {MaxDaysPerEvent} days; got {days.Length}.", nameof(deltas));
        }

        var marker = MarkerKey(eventId);
        for (var attempt = 1; ; attempt++)
        {
            var markerRead = _stats.GetEntityIfExistsAsync<TableEntity>(partnerId, marker, cancellationToken: cancellationToken);
            var dayReads = days
                .Select(day => _stats.GetEntityIfExistsAsync<TableEntity>(partnerId, DayKey(day.Day), cancellationToken: cancellationToken))
                .ToArray();
            await Task.WhenAll(dayReads.Append(markerRead));
            if ((await markerRead).HasValue)
            {
                return false;
            }

            var actions = new List<TableTransactionAction>(days.Length + 1)
            {
                new(TableTransactionActionType.Add, new TableEntity(partnerId, marker).With("EventId", eventId.Length <= MaxPlainEventIdLength ? eventId : null)),
            };
            for (var i = 0; i < days.Length; i++)
            {
                var current = await dayReads[i];
                actions.Add(current.HasValue
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, Sum(partnerId, days[i], current.Value), current.Value!.ETag)
                    : new TableTransactionAction(TableTransactionActionType.Add, Sum(partnerId, days[i], null)));
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
            // or only a day row moved on (a different event won); jitter keeps racing appliers apart.
            await Task.Delay(Backoff(attempt), cancellationToken);
        }
    }

    public async Task<bool> MarkVisitorAsync(string linkCode, DateOnly day, string visitorHash, string eventId, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Require(linkCode + "_" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture), nameof(linkCode));
        TableKeys.Require(visitorHash, nameof(visitorHash));
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        try
        {
            await _visitors.AddEntityAsync(new TableEntity(partition, visitorHash).With("EventId", eventId), cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.IsConflict())
        {
            var first = await _visitors.GetEntityAsync<TableEntity>(partition, visitorHash, cancellationToken: cancellationToken);
            return first.Value.GetString("EventId") == eventId;
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
