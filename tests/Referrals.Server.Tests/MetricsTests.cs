using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage.Tests;
using Xunit.Abstractions;

namespace Referrals.Server.Tests;

/// <summary>The product's metrics: attribution lag, queue depth and open payout runs by state.</summary>
public sealed class MetricsTests(ITestOutputHelper output) : ServerTest
{
    protected override ReferralsApp CreateApp(AzuriteFixture azurite) => new(azurite, new Dictionary<string, string?> { ["Referrals:Metrics:PollInterval"] = "00:00:00.200" });

    [Fact]
    public async Task Attribution_lag_queue_depth_and_open_runs_are_measured()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument.Meter.Name == "Referrals")
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, string.Join(",", tags.ToArray().Select(tag => $"{tag.Key}={tag.Value}")))));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, string.Join(",", tags.ToArray().Select(tag => $"{tag.Key}={tag.Value}")))));
        listener.Start();

        var programId = await Api.CreateProgramAsync();
        var code = (await Api.CreateLinkAsync(programId, await Api.CreatePartnerAsync(programId))).GetProperty("code").GetString()!;
        var clickId = await ApiClient.ClickAsync(Visitor, code);
        var conversionId = (await Api.RecordSaleAsync(programId, "order-1", 1_000, clickId)).GetProperty("conversionId").GetString()!;
        await Api.AttributedConversionAsync(programId, conversionId);
        await Api.PostAsync($"/api/v1/programs/{programId}/payout-runs", new { periodEnd = DateTimeOffset.UtcNow.AddSeconds(-1) }, System.Net.HttpStatusCode.Created);

        await Eventually.ReturnsAsync(
            () =>
            {
                listener.RecordObservableInstruments();
                return Task.FromResult(measurements.ToArray());
            },
            seen => seen.Any(m => m.Instrument == "referrals.attribution.lag")
                && seen.Any(m => m.Instrument == "referrals.queue.depth" && m.Tags == "queue=conversion-received")
                && seen.Any(m => m.Instrument == "referrals.payout_runs.open" && m.Value >= 1));

        foreach (var name in new[] { "referrals.attribution.lag", "referrals.queue.depth", "referrals.payout_runs.open" })
        {
            var last = measurements.Last(m => m.Instrument == name && (name != "referrals.payout_runs.open" || m.Value >= 1));
            output.WriteLine($"{name}: {last.Value} {last.Tags}");
        }
    }
}
