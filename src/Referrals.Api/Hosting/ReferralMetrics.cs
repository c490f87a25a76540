using System.Diagnostics.Metrics;

namespace Referrals.Api.Hosting;

/// <summary>The product's own metrics (meter <c>Referrals</c>), exported through OpenTelemetry.</summary>
public sealed class ReferralMetrics
{
    public const string MeterName = "Referrals";

    private readonly Counter<long> _clicks;
    private readonly Histogram<int> _flushSize;
    private readonly Histogram<double> _flushWait;
    private readonly Counter<long> _conversions;
    private readonly Counter<long> _clickWrites;
    private readonly Counter<long> _clicksDegraded;
    private readonly Counter<long> _clicksDropped;
    private readonly Histogram<double> _attributionLag;
    private volatile IReadOnlyDictionary<string, long> _queueDepths = new Dictionary<string, long>();
    private volatile IReadOnlyDictionary<Core.Payouts.PayoutRunState, long> _openRuns = new Dictionary<Core.Payouts.PayoutRunState, long>();

    public ReferralMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _clicks = meter.CreateCounter<long>("referrals.clicks.stored", "{click}", "Clicks stored by the group commit.");
        _flushSize = meter.CreateHistogram<int>("referrals.clicks.flush_size", "{click}", "Clicks written per group-commit flush.");
        _flushWait = meter.CreateHistogram<double>("referrals.clicks.flush_duration", "ms", "From the first click of a flush being handed over to the flush being stored.");
        _clickWrites = meter.CreateCounter<long>("referrals.clicks.storage_writes", "{write}", "Storage writes of the group commit: one packed entry per flush and partition.");
        _clicksDegraded = meter.CreateCounter<long>("referrals.clicks.degraded", "{click}", "Durable clicks whose redirect went out before they were stored, storage being slower than the redirect wait; stored once it answers.");
        _clicksDropped = meter.CreateCounter<long>("referrals.clicks.dropped", "{click}", "Redirects sent without recording their click, the click buffer having stayed full for the whole redirect wait.");
        _conversions = meter.CreateCounter<long>("referrals.conversions.received", "{conversion}", "Conversions accepted, by source and whether they were duplicates.");
        _attributionLag = meter.CreateHistogram<double>("referrals.attribution.lag", "s", "From a conversion being received to its attribution decision being stored.");
        meter.CreateObservableGauge("referrals.queue.depth", () => _queueDepths.Select(entry => new Measurement<long>(entry.Value, new KeyValuePair<string, object?>("queue", entry.Key))), "{message}", "Approximate messages waiting per topic queue and poison queue, read every few seconds.");
        meter.CreateObservableGauge("referrals.payout_runs.open", () => _openRuns.Select(entry => new Measurement<long>(entry.Value, new KeyValuePair<string, object?>("state", entry.Key.ToString()))), "{run}", "Payout runs not finished yet, by state, read every few seconds.");
    }

    public void ClicksFlushed(int count, TimeSpan elapsed)
    {
        _clicks.Add(count);
        _flushSize.Record(count);
        _flushWait.Record(elapsed.TotalMilliseconds);
    }

    public void ClickEntriesWritten(int count) => _clickWrites.Add(count);

    public void ClickDegraded() => _clicksDegraded.Add(1);

    public void ClickDropped() => _clicksDropped.Add(1);

    public void ConversionReceived(string source, bool duplicate) =>
        _conversions.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("duplicate", duplicate));

    public void AttributionDecided(TimeSpan lag) => _attributionLag.Record(Math.Max(0, lag.TotalSeconds));

    /// <summary>The latest reading of queue lengths and open payout runs by state (read by the server's backlog poller).</summary>
    public void Backlog(IReadOnlyDictionary<string, long> queueDepths, IReadOnlyDictionary<Core.Payouts.PayoutRunState, long> openRuns)
    {
        _queueDepths = queueDepths;
        _openRuns = openRuns;
    }
}
