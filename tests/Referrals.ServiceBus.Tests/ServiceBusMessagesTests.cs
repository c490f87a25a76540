using Referrals.Core.Conversions;
using Referrals.Core.Events;
using Referrals.ServiceBus;
using Referrals.Storage.Events;

namespace Referrals.ServiceBus.Tests;

public sealed class ServiceBusMessagesTests
{
    [Fact]
    public void A_message_carries_the_event_id_the_json_body_the_topic_and_the_properties()
    {
        var envelope = EventEnvelope.For(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_abc"));

        var message = ServiceBusMessages.From(envelope);

        Assert.Equal("cnv_abc", message.MessageId);
        Assert.Equal("application/json", message.ContentType);
        Assert.Equal(Topics.ConversionReceived, message.Subject);
        Assert.Equal(envelope.Body, message.Body.ToString());
        Assert.Equal("ConversionReceived", message.ApplicationProperties["eventType"]);
        Assert.Equal("prg_1", message.ApplicationProperties["programId"]);
    }
}
