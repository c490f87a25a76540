using Referrals.Core.Events;
using Referrals.Core.Tracking;

namespace Referrals.Core.Stats;

/// <summary>
/// Counts a flush of clicks in the partners' day counters, once per flush: a replayed
/// <see cref="ClicksRecorded"/> finds its event id already applied and changes nothing.
/// A visitor counts as unique once per link and UTC day.
/// </summary>
public sealed class ProjectClicks(IStatsStore stats) : IEventHandler<ClicksRecorded>
{
    public async Task HandleAsync(ClicksRecorded @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        foreach (var partner in @event.Tallies.GroupBy(tally => tally.PartnerId, StringComparer.Ordinal))
        {
            var deltas = new List<StatsDelta>();
            foreach (var tally in partner)
            {
                var unique = 0;
                foreach (var visitor in tally.Visitors)
                {
                    if (await stats.MarkVisitorAsync(tally.LinkCode, tally.Day, visitor, @event.EventId, cancellationToken))
                    {
                        unique++;
                    }
                }

                deltas.Add(new StatsDelta(tally.Day, Clicks: tally.Clicks, UniqueClicks: unique, BotClicks: tally.BotClicks));
            }

            var merged = deltas
                .GroupBy(delta => delta.Day)
                .Select(day => new StatsDelta(day.Key, day.Sum(d => d.Clicks), day.Sum(d => d.UniqueClicks), day.Sum(d => d.BotClicks)))
                .ToArray();
            await stats.ApplyAsync(partner.Key, @event.EventId, merged, cancellationToken);
        }
    }
}
