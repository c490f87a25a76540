using System.Text;
using System.Text.Json;
using Referrals.Core.Conversions;
using Referrals.Core.Events;
using Referrals.Core.Payouts;
using Referrals.Core.Tracking;
using Referrals.Storage.Events;

namespace Referrals.Storage.Tests.Events;

public sealed class EventEnvelopeTests
{
    [Fact]
    public void A_conversion_event_is_named_by_its_conversion_so_a_replay_has_the_same_message_id()
    {
        var envelope = EventEnvelope.For(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_abc"));
        var replay = EventEnvelope.For(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_abc"));

        Assert.Equal("cnv_abc", envelope.MessageId);
        Assert.Equal(envelope, replay with { Properties = envelope.Properties });
        Assert.Equal(Topics.ConversionReceived, envelope.Topic);
        Assert.Equal("application/json", envelope.ContentType);
        Assert.Equal("ConversionReceived", envelope.Properties["eventType"]);
        Assert.Equal("prg_1", envelope.Properties["programId"]);
    }

    [Fact]
    public void The_body_is_the_json_the_queue_workers_read()
    {
        var envelope = EventEnvelope.For(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_abc"));

        Assert.Equal("""{"programId":"prg_1","conversionId":"cnv_abc"}""", envelope.Body);
        Assert.Equal(new ConversionReceived("prg_1", "cnv_abc"), JsonSerializer.Deserialize<ConversionReceived>(envelope.Body, EventSerializer.Options));
    }

    [Fact]
    public void A_batch_of_one_click_flush_is_named_by_its_flush_and_belongs_to_no_single_program()
    {
        var envelope = EventEnvelope.For(Topics.ClicksRecorded, ClicksRecordedBatch.Of([new ClicksRecorded("k3x7m2qa9zbd", [])]));

        Assert.Equal("k3x7m2qa9zbd", envelope.MessageId);
        Assert.Equal("ClicksRecordedBatch", envelope.Properties["eventType"]);
        Assert.False(envelope.Properties.ContainsKey("programId"));
    }

    [Fact]
    public void Batches_of_click_flushes_fit_in_a_queue_message_and_read_back_whole()
    {
        var flushes = Enumerable.Range(0, 40).Select(i => Flush(i, links: 1 + (i * 37 % ClickRecorder.MaxLinksPerFlush), visitors: 1 + (i * 53 % ClickRecorder.MaxFlushSizeLimit))).ToArray();

        var batches = ClicksRecordedBatch.Split(flushes).ToArray();

        Assert.True(batches.Length > 1, "The flushes should need more than one message.");
        foreach (var batch in batches)
        {
            var envelope = EventEnvelope.For(Topics.ClicksRecorded, batch);
            Assert.InRange(Encoding.UTF8.GetByteCount(envelope.Body), 0, EventSerializer.MaxMessageBytes);
            var read = JsonSerializer.Deserialize<ClicksRecordedBatch>(envelope.Body, EventSerializer.Options)!;
            Assert.Equal(batch.EventId, read.EventId);
            Assert.Equal(batch.Flushes.Select(flush => flush.EventId), read.Flushes.Select(flush => flush.EventId));
            Assert.Equal(batch.Flushes.SelectMany(flush => flush.Tallies).SelectMany(tally => tally.Visitors), read.Flushes.SelectMany(flush => flush.Tallies).SelectMany(tally => tally.Visitors));
        }

        // The estimate never falls short of a flush's real size, which is what keeps a batch within a message.
        Assert.All(flushes, flush => Assert.InRange(
            Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(flush, EventSerializer.Options)), 0, flush.EstimatedBytes()));
    }

    [Fact]
    public void The_largest_flush_the_recorder_makes_fits_in_one_message()
    {
        var largest = Flush(0, links: ClickRecorder.MaxLinksPerFlush, visitors: ClickRecorder.MaxFlushSizeLimit);

        var envelope = EventEnvelope.For(Topics.ClicksRecorded, ClicksRecordedBatch.Of([largest]));

        Assert.InRange(Encoding.UTF8.GetByteCount(envelope.Body), 40_000, EventSerializer.MaxMessageBytes);
    }

    /// <summary>A flush over <paramref name="links"/> links of as many partners, with <paramref name="visitors"/> distinct visitors spread over them, ids as long as real ones.</summary>
    private static ClicksRecorded Flush(int number, int links, int visitors)
    {
        var day = new DateOnly(2025, 3, 14);
        var flushId = $"{number:00000000000}z";
        return new ClicksRecorded(
            flushId,
            [.. Enumerable.Range(0, links).Select(link => new ClickTally(
                $"prt_{link:00000000000000000000}",
                $"Lnk{link:00000}",
                day.AddDays(link % 2),
                visitors / links + 1,
                7,
                [.. Enumerable.Range(0, visitors).Where(visitor => visitor % links == link).Select(visitor => $"{visitor * 7919 + number:x32}")]))],
            [.. Enumerable.Range(0, links).Select(link => $"Lnk{link:00000}.p25031412c.{flushId}.{link}")]);
    }

    [Fact]
    public void A_paid_run_is_named_by_the_run()
    {
        var paid = new PayoutRunApproved("prg_1.2025-03", "prg_1", "2025-03", "EUR", 2, 12_000, DateTimeOffset.UnixEpoch);

        var envelope = EventEnvelope.For(Topics.PayoutRunApproved, paid);

        Assert.Equal("prg_1.2025-03", envelope.MessageId);
        Assert.DoesNotContain("eventId", envelope.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_without_an_id_of_its_own_is_named_by_its_content()
    {
        var first = EventEnvelope.For("topic", new Untyped("a"));
        var same = EventEnvelope.For("topic", new Untyped("a"));
        var other = EventEnvelope.For("topic", new Untyped("b"));

        Assert.Equal(first.MessageId, same.MessageId);
        Assert.NotEqual(first.MessageId, other.MessageId);
    }

    private sealed record Untyped(string Value);
}
