using Azure.Messaging.ServiceBus;
using Moq;
using Referrals.Core.Conversions;
using Referrals.Core.Events;

namespace Referrals.ServiceBus.Tests;

public sealed class ServiceBusEventPublisherTests
{
    [Fact]
    public async Task Events_go_to_the_queue_named_like_their_topic_through_one_sender_per_queue()
    {
        var sent = new List<(string Queue, ServiceBusMessage Message)>();
        var senders = new Dictionary<string, Mock<ServiceBusSender>>();
        var client = new Mock<ServiceBusClient>();
        client.Setup(c => c.CreateSender(It.IsAny<string>())).Returns<string>(queue =>
        {
            var sender = new Mock<ServiceBusSender>();
            sender.Setup(s => s.SendMessageAsync(It.IsAny<ServiceBusMessage>(), It.IsAny<CancellationToken>()))
                .Callback<ServiceBusMessage, CancellationToken>((message, _) => sent.Add((queue, message)))
                .Returns(Task.CompletedTask);
            senders.Add(queue, sender);
            return sender.Object;
        });
        await using (var publisher = new ServiceBusEventPublisher(client.Object))
        {
            await publisher.PublishAsync(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_a"), default);
            await publisher.PublishAsync(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_b"), default);
            await publisher.PublishAsync(Topics.ClicksRecorded, Referrals.Core.Tracking.ClicksRecordedBatch.Of([new("flush_a", [])]), default);
        }

        Assert.Equal(
            [(Topics.ConversionReceived, "cnv_a"), (Topics.ConversionReceived, "cnv_b"), (Topics.ClicksRecorded, "flush_a")],
            sent.Select(entry => (entry.Queue, entry.Message.MessageId)));
        client.Verify(c => c.CreateSender(Topics.ConversionReceived), Times.Once);
        Assert.All(senders.Values, sender => sender.Verify(s => s.DisposeAsync(), Times.Once));
    }
}
