using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Referrals.Core.Conversions;
using Referrals.Core.Events;
using Referrals.Functions.Events;
using Referrals.ServiceBus;
using Referrals.Storage.Events;

namespace Referrals.Functions.Tests;

public sealed class EventDeliveryTests
{
    [Fact]
    public async Task A_message_delivered_twice_hands_the_same_conversion_to_the_idempotent_handler_both_times()
    {
        var handler = new Mock<IEventHandler<ConversionReceived>>();
        var functions = new EventFunctions(new EventDelivery(new ServiceCollection().AddSingleton(handler.Object).BuildServiceProvider()));
        var sent = ServiceBusMessages.From(EventEnvelope.For(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_abc")));
        var received = ServiceBusModelFactory.ServiceBusReceivedMessage(body: sent.Body, messageId: sent.MessageId, contentType: sent.ContentType, deliveryCount: 2);

        await functions.AttributeAsync(received, default);
        await functions.AttributeAsync(received, default);

        handler.Verify(h => h.HandleAsync(new ConversionReceived("prg_1", "cnv_abc"), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task A_message_that_is_not_an_event_fails_so_the_queue_retries_and_dead_letters_it()
    {
        var handler = new Mock<IEventHandler<ConversionReceived>>();
        var functions = new EventFunctions(new EventDelivery(new ServiceCollection().AddSingleton(handler.Object).BuildServiceProvider()));
        var received = ServiceBusModelFactory.ServiceBusReceivedMessage(body: BinaryData.FromString("not json"), messageId: "m1");

        await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(() => functions.AttributeAsync(received, default));
        handler.VerifyNoOtherCalls();
    }
}
