using Referrals.Core.Stats;

namespace Referrals.Core.Tests.Fakes;

/// <summary>Day counters applied once per event id, and first visits per link, day and visitor.</summary>
internal sealed class InMemoryStatsStore : IStatsStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Partner, DateOnly Day), DailyStats> _days = [];
    private readonly HashSet<(string Partner, string Event)> _applied = [];
    private readonly Dictionary<(string Link, DateOnly Day, string Visitor), string> _firstVisits = [];
    private readonly List<(string PartnerId, string EventId, StatsDelta[] Deltas)> _applications = [];

    /// <summary>Every call to <see cref="ApplyAsync"/>, applied or not.</summary>
    public IReadOnlyList<(string PartnerId, string EventId, StatsDelta[] Deltas)> Applications
    {
        get
        {
            lock (_lock)
            {
                return [.. _applications];
            }
        }
    }

    public Task<bool> ApplyAsync(string partnerId, string eventId, IReadOnlyList<StatsDelta> deltas, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _applications.Add((partnerId, eventId, [.. deltas]));
            if (!_applied.Add((partnerId, eventId)))
            {
                return Task.FromResult(false);
            }

            foreach (var delta in deltas)
            {
                var day = _days.GetValueOrDefault((partnerId, delta.Day)) ?? new DailyStats(delta.Day, 0, 0, 0, 0, 0, 0, 0);
                _days[(partnerId, delta.Day)] = new DailyStats(
                    delta.Day,
                    day.Clicks + delta.Clicks,
                    day.UniqueClicks + delta.UniqueClicks,
                    day.BotClicks + delta.BotClicks,
                    day.Leads + delta.Leads,
                    day.Sales + delta.Sales,
                    day.Revenue + delta.Revenue,
                    day.Earnings + delta.Earnings);
            }

            return Task.FromResult(true);
        }
    }

    public Task<bool> MarkVisitorAsync(string linkCode, DateOnly day, string visitorHash, string eventId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var first = _firstVisits.TryAdd((linkCode, day, visitorHash), eventId) || _firstVisits[(linkCode, day, visitorHash)] == eventId;
            return Task.FromResult(first);
        }
    }

    public Task<IReadOnlyList<DailyStats>> GetAsync(string partnerId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<DailyStats>>(
                [.. _days.Where(pair => pair.Key.Partner == partnerId && pair.Key.Day >= from && pair.Key.Day <= to).Select(pair => pair.Value).OrderBy(day => day.Day)]);
        }
    }
}
