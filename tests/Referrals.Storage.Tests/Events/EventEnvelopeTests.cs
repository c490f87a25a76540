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
    public void A_click_flush_is_named_by_its_flush_and_belongs_to_no_single_program()
    {
        var envelope = EventEnvelope.For(Topics.ClicksRecorded, new ClicksRecorded("k3x7m2qa9zbd", []));

        Assert.Equal("k3x7m2qa9zbd", envelope.MessageId);
        Assert.False(envelope.Properties.ContainsKey("programId"));
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
