using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Referrals.Core.Attribution;
using Referrals.Core.Conversions;
using Referrals.Core.Events;
using Referrals.Core.Tracking;
using Referrals.Storage.Events;

namespace Referrals.ServiceBus.Tests;

public sealed class EventDeliveryTests
{
    [Fact]
    public async Task A_sent_event_reaches_its_handler_as_it_was_sent_and_the_message_is_completed()
    {
        var handler = new Mock<IEventHandler<ConversionReceived>>();
        var delivery = new EventDelivery(new ServiceCollection().AddSingleton(handler.Object).BuildServiceProvider());

        var outcome = await delivery.DeliverAsync<ConversionReceived>(ReceivedMessages.Of(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_abc")), default);

        Assert.IsType<DeliveryOutcome.Complete>(outcome);
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

        await delivery.DeliverAsync<ClicksRecordedBatch>(ReceivedMessages.Of(Topics.ClicksRecorded, batch), default);

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
        var message = ReceivedMessages.Of(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_abc"));

        await delivery.DeliverAsync<ConversionReceived>(message, default);
        await delivery.DeliverAsync<ConversionReceived>(message, default);

        Assert.Equal(2, seen.Count);
        Assert.NotSame(seen[0], seen[1]);
        Assert.All(seen, handler => Assert.True(handler.Disposed));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[\"prg_1\", \"cnv_abc\"]")]
    [InlineData("{\"programId\": 7, \"conversionId\": \"cnv_abc\"}")]
    [InlineData("{\"programId\": \"prg_1\", \"conversionId\": \"cnv_a")]
    public async Task A_message_that_is_not_an_event_is_dead_lettered_at_once_and_never_reaches_the_handler(string body)
    {
        var handler = new Mock<IEventHandler<ConversionReceived>>();
        var delivery = new EventDelivery(new ServiceCollection().AddSingleton(handler.Object).BuildServiceProvider());

        var outcome = await delivery.DeliverAsync<ConversionReceived>(ReceivedMessages.WithBody(body), default);

        var deadLetter = Assert.IsType<DeliveryOutcome.DeadLetter>(outcome);
        Assert.Equal(RedeliveryPolicy.MalformedMessageReason, deadLetter.Reason);
        Assert.StartsWith("The body is not the event of this queue: System.Text.Json.JsonException: ", deadLetter.Description);
        handler.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task The_dead_letter_description_of_a_malformed_message_leaves_its_body_out()
    {
        var delivery = new EventDelivery(new ServiceCollection().AddSingleton(Mock.Of<IEventHandler<ConversionReceived>>()).BuildServiceProvider());

        var outcome = await delivery.DeliverAsync<ConversionReceived>(ReceivedMessages.WithBody("{\"programId\": \"prg_1\", \"customerEmail\": \"ada@example.com\", \"conversionId\": 12}"), default);

        Assert.DoesNotContain("ada@example.com", Assert.IsType<DeliveryOutcome.DeadLetter>(outcome).Description);
    }

    [Fact]
    public async Task A_refund_ahead_of_its_sale_on_the_first_attempt_is_tried_again_a_second_later()
    {
        var pending = new OriginalPaymentPendingException("The sale of this refund is not recorded yet.");
        var delivery = new EventDelivery(new ServiceCollection().AddSingleton(Failing(pending)).BuildServiceProvider());

        var outcome = await delivery.DeliverAsync<ConversionReceived>(ReceivedMessages.Of(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_refund")), default);

        Assert.Equal(new DeliveryOutcome.RetryLater(TimeSpan.FromSeconds(1), 2, pending), outcome);
    }

    [Theory]
    [InlineData(2, 4)]
    [InlineData(5, 300)]
    public async Task A_failure_waits_as_long_as_the_attempt_in_the_message_says(int attempt, int seconds)
    {
        var delivery = new EventDelivery(new ServiceCollection().AddSingleton(Failing(new TimeoutException())).BuildServiceProvider());

        var outcome = await delivery.DeliverAsync<ConversionReceived>(OnAttempt(attempt), default);

        var retry = Assert.IsType<DeliveryOutcome.RetryLater>(outcome);
        Assert.Equal((TimeSpan.FromSeconds(seconds), attempt + 1), (retry.Delay, retry.NextAttempt));
    }

    [Fact]
    public async Task A_failure_on_the_last_attempt_is_dead_lettered_with_the_error()
    {
        var delivery = new EventDelivery(new ServiceCollection().AddSingleton(Failing(new InvalidOperationException("The program has no commission plan."))).BuildServiceProvider());

        var outcome = await delivery.DeliverAsync<ConversionReceived>(OnAttempt(6), default);

        var deadLetter = Assert.IsType<DeliveryOutcome.DeadLetter>(outcome);
        Assert.Equal(RedeliveryPolicy.AttemptsExhaustedReason, deadLetter.Reason);
        Assert.Equal("Attempt 6 of 6 failed: System.InvalidOperationException: The program has no commission plan.", deadLetter.Description);
    }

    [Fact]
    public async Task A_handler_cancelled_because_the_host_stops_settles_nothing()
    {
        using var stopping = new CancellationTokenSource();
        var handler = new Mock<IEventHandler<ConversionReceived>>();
        handler.Setup(h => h.HandleAsync(It.IsAny<ConversionReceived>(), It.IsAny<CancellationToken>()))
            .Returns<ConversionReceived, CancellationToken>(async (_, token) =>
            {
                await stopping.CancelAsync();
                token.ThrowIfCancellationRequested();
            });
        var delivery = new EventDelivery(new ServiceCollection().AddSingleton(handler.Object).BuildServiceProvider());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => delivery.DeliverAsync<ConversionReceived>(ReceivedMessages.Of(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_abc")), stopping.Token));
    }

    private static IEventHandler<ConversionReceived> Failing(Exception failure)
    {
        var handler = new Mock<IEventHandler<ConversionReceived>>();
        handler.Setup(h => h.HandleAsync(It.IsAny<ConversionReceived>(), It.IsAny<CancellationToken>())).ThrowsAsync(failure);
        return handler.Object;
    }

    private static ServiceBusReceivedMessage OnAttempt(int attempt)
    {
        var sent = ServiceBusMessages.From(EventEnvelope.For(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_abc")));
        sent.ApplicationProperties[ServiceBusMessages.AttemptProperty] = attempt;
        return ReceivedMessages.Of(sent);
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
