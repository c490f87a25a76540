using Azure.Messaging.ServiceBus;
using Referrals.Core.Conversions;
using Referrals.Core.Events;
using Referrals.ServiceBus;
using Referrals.Storage.Events;

namespace Referrals.ServiceBus.Tests;

public sealed class ServiceBusMessagesTests
{
    private static readonly DateTimeOffset Later = new(2025, 3, 14, 12, 0, 4, TimeSpan.Zero);

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

    [Fact]
    public void A_retry_copy_carries_the_body_content_type_subject_and_properties_of_the_message()
    {
        var sent = ServiceBusMessages.From(EventEnvelope.For(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_abc")));
        sent.CorrelationId = "corr_1";

        var copy = ServiceBusMessages.RetryOf(ReceivedMessages.Of(sent), 2, Later);

        Assert.Equal(sent.Body.ToString(), copy.Body.ToString());
        Assert.Equal("application/json", copy.ContentType);
        Assert.Equal(Topics.ConversionReceived, copy.Subject);
        Assert.Equal("corr_1", copy.CorrelationId);
        Assert.Equal(
            new Dictionary<string, object> { ["eventType"] = "ConversionReceived", ["programId"] = "prg_1", [ServiceBusMessages.AttemptProperty] = 2 },
            copy.ApplicationProperties);
    }

    [Fact]
    public void A_retry_copy_is_scheduled_for_the_given_time_as_the_given_attempt()
    {
        var received = ReceivedMessages.Of(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_abc"));

        var copy = ServiceBusMessages.RetryOf(received, 2, Later);

        Assert.Equal(Later, copy.ScheduledEnqueueTime);
        Assert.Equal(2, ServiceBusMessages.AttemptOf(ReceivedMessages.Of(copy)));
    }

    [Fact]
    public void A_retry_copy_has_an_id_of_its_own_made_of_the_original_id_and_the_retry()
    {
        var received = ReceivedMessages.Of(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_abc"));

        var first = ServiceBusMessages.RetryOf(received, 2, Later);
        var second = ServiceBusMessages.RetryOf(ReceivedMessages.Of(first), 3, Later);
        var third = ServiceBusMessages.RetryOf(ReceivedMessages.Of(second), 4, Later);

        Assert.Equal(["cnv_abc:retry-1", "cnv_abc:retry-2", "cnv_abc:retry-3"], [first.MessageId, second.MessageId, third.MessageId]);
    }

    [Fact]
    public void The_same_retry_of_the_same_message_gets_the_same_id_so_the_queue_drops_a_second_copy()
    {
        var received = ReceivedMessages.Of(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_abc"));

        Assert.Equal(ServiceBusMessages.RetryOf(received, 2, Later).MessageId, ServiceBusMessages.RetryOf(received, 2, Later.AddSeconds(9)).MessageId);
    }

    [Fact]
    public void A_retry_of_a_message_with_a_long_id_still_has_an_id_service_bus_takes()
    {
        var id = new string('a', 128);
        var received = ServiceBusModelFactory.ServiceBusReceivedMessage(body: BinaryData.FromString("{}"), messageId: id);

        var first = ServiceBusMessages.RetryOf(received, 2, Later);
        var second = ServiceBusMessages.RetryOf(ReceivedMessages.Of(first), 3, Later);

        Assert.True(first.MessageId.Length <= 128);
        Assert.EndsWith(":retry-1", first.MessageId);
        Assert.Equal(first.MessageId[..^":retry-1".Length] + ":retry-2", second.MessageId);
        Assert.Equal(first.MessageId, ServiceBusMessages.RetryOf(received, 2, Later).MessageId);
    }
}
