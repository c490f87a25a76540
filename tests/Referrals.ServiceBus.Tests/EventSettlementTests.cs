using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Referrals.Core.Attribution;
using Referrals.Core.Conversions;
using Referrals.Core.Events;

namespace Referrals.ServiceBus.Tests;

public sealed class EventSettlementTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);

    private readonly Attribution _attribution = new();
    private readonly List<string> _settled = [];
    private readonly List<(string Queue, ServiceBusMessage Message)> _sent = [];
    private readonly List<Mock<ServiceBusSender>> _senders = [];
    private readonly Mock<IMessageActions> _actions = new();
    private readonly Mock<ServiceBusClient> _client = new();
    private readonly EventSettlement _settlement;

    public EventSettlementTests()
    {
        _actions.Setup(a => a.CompleteAsync(It.IsAny<ServiceBusReceivedMessage>(), It.IsAny<CancellationToken>()))
            .Callback<ServiceBusReceivedMessage, CancellationToken>((message, _) => _settled.Add($"complete {message.MessageId}"))
            .Returns(Task.CompletedTask);
        _actions.Setup(a => a.AbandonAsync(It.IsAny<ServiceBusReceivedMessage>(), It.IsAny<CancellationToken>()))
            .Callback<ServiceBusReceivedMessage, CancellationToken>((message, _) => _settled.Add($"abandon {message.MessageId}"))
            .Returns(Task.CompletedTask);
        _actions.Setup(a => a.DeadLetterAsync(It.IsAny<ServiceBusReceivedMessage>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback<ServiceBusReceivedMessage, string, string, CancellationToken>((message, reason, description, _) => _settled.Add($"dead-letter {message.MessageId} {reason}: {description}"))
            .Returns(Task.CompletedTask);
        _client.Setup(c => c.CreateSender(It.IsAny<string>())).Returns<string>(queue =>
        {
            var sender = new Mock<ServiceBusSender>();
            sender.Setup(s => s.SendMessageAsync(It.IsAny<ServiceBusMessage>(), It.IsAny<CancellationToken>()))
                .Callback<ServiceBusMessage, CancellationToken>((message, _) =>
                {
                    _sent.Add((queue, message));
                    _settled.Add($"send {message.MessageId}");
                })
                .Returns(Task.CompletedTask);
            _senders.Add(sender);
            return sender.Object;
        });
        var services = new ServiceCollection().AddSingleton<IEventHandler<ConversionReceived>>(_attribution).BuildServiceProvider();
        _settlement = new EventSettlement(new EventDelivery(services), _client.Object, new FakeTimeProvider(Now), NullLogger<EventSettlement>.Instance);
    }

    [Fact]
    public async Task A_registered_handler_gets_the_event_and_the_message_is_completed()
    {
        await SettleAsync(ReceivedMessages.Of(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_abc")));

        Assert.Equal([new ConversionReceived("prg_1", "cnv_abc")], _attribution.Received);
        Assert.Equal(["complete cnv_abc"], _settled);
        _client.Verify(c => c.CreateSender(It.IsAny<string>()), Times.Never);
    }

    [Fact]
    public async Task A_malformed_message_never_reaches_the_handler_and_is_dead_lettered_at_once()
    {
        await SettleAsync(ReceivedMessages.WithBody("{\"programId\": \"prg_1\""));

        Assert.Empty(_attribution.Received);
        var settled = Assert.Single(_settled);
        Assert.StartsWith("dead-letter m1 MalformedMessage: The body is not the event of this queue: System.Text.Json.JsonException: ", settled);
        Assert.Empty(_sent);
    }

    [Fact]
    public async Task A_refund_ahead_of_its_sale_is_sent_again_a_second_later_and_the_message_completed()
    {
        _attribution.FailWith(new OriginalPaymentPendingException("The sale of this refund is not recorded yet."), times: 1);

        await SettleAsync(ReceivedMessages.Of(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_refund")));

        var (queue, copy) = Assert.Single(_sent);
        Assert.Equal(Topics.ConversionReceived, queue);
        Assert.Equal("cnv_refund:retry-1", copy.MessageId);
        Assert.Equal(Now.AddSeconds(1), copy.ScheduledEnqueueTime);
        Assert.Equal(2, copy.ApplicationProperties[ServiceBusMessages.AttemptProperty]);
        Assert.Equal(["send cnv_refund:retry-1", "complete cnv_refund"], _settled);
        _senders.Single().Verify(s => s.DisposeAsync(), Times.Once);
    }

    [Fact]
    public async Task A_scheduled_copy_delivers_the_event_once_the_sale_is_in()
    {
        _attribution.FailWith(new OriginalPaymentPendingException(), times: 1);
        await SettleAsync(ReceivedMessages.Of(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_refund")));

        await SettleAsync(ReceivedMessages.Of(_sent.Single().Message));

        Assert.Equal([new ConversionReceived("prg_1", "cnv_refund"), new ConversionReceived("prg_1", "cnv_refund")], _attribution.Received);
        Assert.Equal(["send cnv_refund:retry-1", "complete cnv_refund", "complete cnv_refund:retry-1"], _settled);
    }

    [Fact]
    public async Task A_message_that_keeps_failing_is_tried_six_times_over_six_minutes_then_dead_lettered_with_its_error()
    {
        _attribution.FailWith(new InvalidOperationException("The program has no commission plan."), times: int.MaxValue);

        await SettleAsync(ReceivedMessages.Of(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_abc")));
        // Each copy is delivered in turn, as the queue would at its scheduled time, until one is not completed.
        for (var deliveries = 1; _settled[^1].StartsWith("complete", StringComparison.Ordinal) && deliveries < 10; deliveries++)
        {
            await SettleAsync(ReceivedMessages.Of(_sent[^1].Message));
        }

        Assert.Equal(6, _attribution.Received.Count);
        Assert.Equal(
            [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)],
            _sent.Select(sent => sent.Message.ScheduledEnqueueTime - Now));
        Assert.Equal(
            "dead-letter cnv_abc:retry-5 AttemptsExhausted: Attempt 6 of 6 failed: System.InvalidOperationException: The program has no commission plan.",
            _settled[^1]);
    }

    [Fact]
    public async Task A_copy_that_cannot_be_sent_leaves_the_message_unsettled_so_the_queue_delivers_it_again()
    {
        _attribution.FailWith(new TimeoutException(), times: 1);
        _client.Setup(c => c.CreateSender(It.IsAny<string>())).Returns(() =>
        {
            var sender = new Mock<ServiceBusSender>();
            sender.Setup(s => s.SendMessageAsync(It.IsAny<ServiceBusMessage>(), It.IsAny<CancellationToken>()))
                .ThrowsAsync(new ServiceBusException("busy", ServiceBusFailureReason.ServiceBusy));
            return sender.Object;
        });

        await Assert.ThrowsAsync<ServiceBusException>(() => SettleAsync(ReceivedMessages.Of(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_abc"))));

        Assert.Empty(_settled);
    }

    [Fact]
    public async Task A_message_is_handed_back_at_once_when_the_host_stops_during_its_handler()
    {
        using var stopping = new CancellationTokenSource();
        _attribution.OnHandle = async token =>
        {
            await stopping.CancelAsync();
            token.ThrowIfCancellationRequested();
        };

        await _settlement.SettleAsync<ConversionReceived>(
            Topics.ConversionReceived, ReceivedMessages.Of(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_abc")), _actions.Object, stopping.Token);

        Assert.Equal(["abandon cnv_abc"], _settled);
        Assert.Empty(_sent);
    }

    [Fact]
    public async Task A_handled_message_is_completed_even_when_the_host_starts_stopping_after_the_handler()
    {
        using var stopping = new CancellationTokenSource();
        _attribution.OnHandle = _ => stopping.CancelAsync();

        await _settlement.SettleAsync<ConversionReceived>(
            Topics.ConversionReceived, ReceivedMessages.Of(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_abc")), _actions.Object, stopping.Token);

        Assert.Equal(["complete cnv_abc"], _settled);
        _actions.Verify(a => a.CompleteAsync(It.IsAny<ServiceBusReceivedMessage>(), CancellationToken.None), Times.Once);
    }

    private Task SettleAsync(ServiceBusReceivedMessage message) =>
        _settlement.SettleAsync<ConversionReceived>(Topics.ConversionReceived, message, _actions.Object, CancellationToken.None);

    /// <summary>An attribution handler as the app registers one: it records what it gets, and fails when told to.</summary>
    private sealed class Attribution : IEventHandler<ConversionReceived>
    {
        private Exception? _failure;
        private int _failures;

        public List<ConversionReceived> Received { get; } = [];

        public Func<CancellationToken, Task>? OnHandle { get; set; }

        public void FailWith(Exception failure, int times) => (_failure, _failures) = (failure, times);

        public async Task HandleAsync(ConversionReceived @event, CancellationToken cancellationToken)
        {
            Received.Add(@event);
            if (OnHandle is { } onHandle)
            {
                await onHandle(cancellationToken);
            }

            if (_failures > 0 && _failure is not null)
            {
                _failures--;
                throw _failure;
            }
        }
    }
}
