using Referrals.Core.Stats;

namespace Referrals.Core.Tests.Fakes;

/// <summary>Day counters applied once per event id, with a visitor sketch per partner, link and day for unique clicks.</summary>
internal sealed class InMemoryStatsStore : IStatsStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Partner, DateOnly Day), DailyStats> _days = [];
    private readonly HashSet<(string Partner, string Event)> _applied = [];
    private readonly Dictionary<(string Partner, string Link, DateOnly Day), VisitorSketch> _sketches = [];
    private readonly List<(string PartnerId, string EventId, StatsDelta[] Deltas)> _applications = [];
    private readonly List<(string PartnerId, string EventId, VisitorsSeen[] Visitors)> _visitorApplications = [];

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

    /// <summary>Every call's visitors, applied or not.</summary>
    public IReadOnlyList<(string PartnerId, string EventId, VisitorsSeen[] Visitors)> VisitorApplications
    {
        get
        {
            lock (_lock)
            {
                return [.. _visitorApplications];
            }
        }
    }

    public Task<bool> ApplyAsync(string partnerId, string eventId, IReadOnlyList<StatsDelta> deltas, CancellationToken cancellationToken) =>
        ApplyAsync(partnerId, eventId, deltas, [], cancellationToken);

    public Task<bool> ApplyAsync(string partnerId, string eventId, IReadOnlyList<StatsDelta> deltas, IReadOnlyList<VisitorsSeen> visitors, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _applications.Add((partnerId, eventId, [.. deltas]));
            _visitorApplications.Add((partnerId, eventId, [.. visitors]));
            if (!_applied.Add((partnerId, eventId)))
            {
                return Task.FromResult(false);
            }

            var unique = new List<StatsDelta>();
            foreach (var seen in visitors)
            {
                if (!_sketches.TryGetValue((partnerId, seen.LinkCode, seen.Day), out var sketch))
                {
                    _sketches[(partnerId, seen.LinkCode, seen.Day)] = sketch = new VisitorSketch();
                }

                var before = sketch.Estimate();
                foreach (var visitor in seen.VisitorHashes)
                {
                    sketch.Add(visitor);
                }

                unique.Add(new StatsDelta(seen.Day, UniqueClicks: sketch.Estimate() - before));
            }

            deltas = [.. deltas, .. unique];

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

    public Task<IReadOnlyList<DailyStats>> GetAsync(string partnerId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<DailyStats>>(
                [.. _days.Where(pair => pair.Key.Partner == partnerId && pair.Key.Day >= from && pair.Key.Day <= to).Select(pair => pair.Value).OrderBy(day => day.Day)]);
        }
    }
}
