using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Referrals.Core.Conversions;
using Referrals.Core.Events;
using Referrals.Core.Tracking;
using Referrals.Storage.Events;

namespace Referrals.ServiceBus.Tests;

public sealed class EventDeliveryTests
{
    [Fact]
    public async Task A_sent_event_reaches_its_handler_as_it_was_sent()
    {
        var handler = new Mock<IEventHandler<ConversionReceived>>();
        var delivery = new EventDelivery(new ServiceCollection().AddSingleton(handler.Object).BuildServiceProvider());

        await delivery.HandleAsync<ConversionReceived>(Received(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_abc")), default);

        handler.Verify(h => h.HandleAsync(new ConversionReceived("prg_1", "cnv_abc"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_batch_of_click_flushes_reaches_the_projection_whole()
    {
        var day = new DateOnly(2025, 3, 14);
        var batch = ClicksRecordedBatch.Of(
        [
            new ClicksRecorded("flush_a", [new ClickTally("prt_1", "LinkAAAA", day, 3, 1, ["v1", "v2"])], ["LinkAAAA.p25031412c.flush_a.0"]),
            new ClicksRecorded("flush_b", [new ClickTally("prt_2", "LinkBBBB", day, 1, 0, ["v3"])], ["LinkBBBB.p25031412c.flush_b.0"]),
        ]);
        ClicksRecordedBatch? handed = null;
        var handler = new Mock<IEventHandler<ClicksRecordedBatch>>();
        handler.Setup(h => h.HandleAsync(It.IsAny<ClicksRecordedBatch>(), It.IsAny<CancellationToken>()))
            .Callback<ClicksRecordedBatch, CancellationToken>((received, _) => handed = received)
            .Returns(Task.CompletedTask);
        var delivery = new EventDelivery(new ServiceCollection().AddSingleton(handler.Object).BuildServiceProvider());

        await delivery.HandleAsync<ClicksRecordedBatch>(Received(Topics.ClicksRecorded, batch), default);

        Assert.NotNull(handed);
        Assert.Equal(batch.EventId, handed.EventId);
        Assert.Equal(["flush_a", "flush_b"], handed.Flushes.Select(flush => flush.EventId));
        var tally = Assert.Single(handed.Flushes[0].Tallies);
        Assert.Equal(("prt_1", "LinkAAAA", day, 3, 1), (tally.PartnerId, tally.LinkCode, tally.Day, tally.Clicks, tally.BotClicks));
        Assert.Equal(["v1", "v2"], tally.Visitors);
        Assert.Equal(["LinkBBBB.p25031412c.flush_b.0"], handed.Flushes[1].Entries);
    }

    [Fact]
    public async Task Each_delivery_gets_a_handler_of_its_own_scope()
    {
        var seen = new List<ScopedHandler>();
        var services = new ServiceCollection()
            .AddSingleton(seen)
            .AddScoped<IEventHandler<ConversionReceived>, ScopedHandler>()
            .BuildServiceProvider();
        var delivery = new EventDelivery(services);
        var message = Received(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_abc"));

        await delivery.HandleAsync<ConversionReceived>(message, default);
        await delivery.HandleAsync<ConversionReceived>(message, default);

        Assert.Equal(2, seen.Count);
        Assert.NotSame(seen[0], seen[1]);
        Assert.All(seen, handler => Assert.True(handler.Disposed));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    public async Task A_message_that_is_not_an_event_fails_so_the_queue_retries_and_dead_letters_it(string body)
    {
        var handler = new Mock<IEventHandler<ConversionReceived>>();
        var delivery = new EventDelivery(new ServiceCollection().AddSingleton(handler.Object).BuildServiceProvider());
        var message = ServiceBusModelFactory.ServiceBusReceivedMessage(body: BinaryData.FromString(body), messageId: "m1");

        await Assert.ThrowsAnyAsync<JsonException>(() => delivery.HandleAsync<ConversionReceived>(message, default));
        handler.VerifyNoOtherCalls();
    }

    /// <summary>What the trigger hands over for a message sent with <see cref="ServiceBusMessages"/>.</summary>
    private static ServiceBusReceivedMessage Received<TEvent>(string topic, TEvent @event)
    {
        var sent = ServiceBusMessages.From(EventEnvelope.For(topic, @event));
        return ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: sent.Body, messageId: sent.MessageId, contentType: sent.ContentType, subject: sent.Subject, properties: sent.ApplicationProperties, deliveryCount: 1);
    }

    private sealed class ScopedHandler : IEventHandler<ConversionReceived>, IDisposable
    {
        private readonly List<ScopedHandler> _seen;

        public ScopedHandler(List<ScopedHandler> seen) => _seen = seen;

        public bool Disposed { get; private set; }

        public Task HandleAsync(ConversionReceived @event, CancellationToken cancellationToken)
        {
            _seen.Add(this);
            return Task.CompletedTask;
        }

        public void Dispose() => Disposed = true;
    }
}
