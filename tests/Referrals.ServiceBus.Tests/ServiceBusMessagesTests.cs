using Azure.Messaging.ServiceBus;
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

    [Fact]
    public void A_message_without_an_attempt_count_is_on_its_first_attempt()
    {
        var received = ReceivedMessages.Of(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_abc"));

        Assert.Equal(1, ServiceBusMessages.AttemptOf(received));
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(3L, 3)]
    [InlineData("4", 4)]
    [InlineData("many", 1)]
    [InlineData(0, 1)]
    [InlineData(-2, 1)]
    [InlineData(2.5, 1)]
    public void The_attempt_count_is_read_from_its_property_and_anything_unreadable_counts_as_the_first(object value, int attempt)
    {
        var received = ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromString("{}"), messageId: "m1", properties: new Dictionary<string, object> { [ServiceBusMessages.AttemptProperty] = value });

        Assert.Equal(attempt, ServiceBusMessages.AttemptOf(received));
    }
}
