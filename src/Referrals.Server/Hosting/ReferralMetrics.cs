using System.Diagnostics.Metrics;

namespace Referrals.Server.Hosting;

/// <summary>The product's own metrics (meter <c>Referrals</c>), exported through OpenTelemetry.</summary>
internal sealed class ReferralMetrics
{
    public const string MeterName = "Referrals";

    private readonly Counter<long> _clicks;
    private readonly Histogram<int> _flushSize;
    private readonly Histogram<double> _flushWait;
    private readonly Counter<long> _conversions;
    private readonly Counter<long> _clickWrites;

    public ReferralMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _clicks = meter.CreateCounter<long>("referrals.clicks.stored", "{click}", "Clicks stored by the group commit.");
        _flushSize = meter.CreateHistogram<int>("referrals.clicks.flush_size", "{click}", "Clicks written per group-commit flush.");
        _flushWait = meter.CreateHistogram<double>("referrals.clicks.flush_duration", "ms", "From the first click of a flush being handed over to the flush being stored.");
        _clickWrites = meter.CreateCounter<long>("referrals.clicks.storage_writes", "{write}", "Storage writes of the group commit: one packed entry per flush and partition.");
        _conversions = meter.CreateCounter<long>("referrals.conversions.received", "{conversion}", "Conversions accepted, by source and whether they were duplicates.");
    }

    public void ClicksFlushed(int count, TimeSpan elapsed)
    {
        _clicks.Add(count);
        _flushSize.Record(count);
        _flushWait.Record(elapsed.TotalMilliseconds);
    }

    public void ClickEntriesWritten(int count) => _clickWrites.Add(count);

    public void ConversionReceived(string source, bool duplicate) =>
        _conversions.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("duplicate", duplicate));
}
