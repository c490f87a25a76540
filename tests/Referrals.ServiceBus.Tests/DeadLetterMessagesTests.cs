using Azure.Messaging.ServiceBus;
using Referrals.Core.Conversions;
using Referrals.Core.Events;
using Referrals.Core.Payouts;

namespace Referrals.ServiceBus.Tests;

/// <summary>How a Service Bus dead letter reads as the dead-letter API's, and the copy that tries it again.</summary>
public sealed class DeadLetterMessagesTests
{
    private static readonly DateTimeOffset EnqueuedAt = new(2025, 3, 14, 12, 0, 4, TimeSpan.Zero);

    [Fact]
    public void A_dead_letter_reads_with_its_queue_event_program_reason_error_time_and_attempts()
    {
        var receiver = new FakeDeadLetterReceiver();
        var sent = ServiceBusMessages.RetryOf(ReceivedMessages.Of(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_abc")), 6, EnqueuedAt);
        var received = receiver.DeadLetter(Topics.ConversionReceived, sent, EnqueuedAt);

        var letter = DeadLetterMessages.From(Topics.ConversionReceived, received);

        Assert.Equal($"{EnqueuedAt.UtcTicks:D19}-conversion-received-{received.SequenceNumber}", letter.Id);
        Assert.Equal(Topics.ConversionReceived, letter.Topic);
        Assert.Equal(sent.Body.ToString(), letter.Message);
        Assert.Equal("prg_1", letter.ProgramId);
        Assert.Equal("AttemptsExhausted: Attempt 6 of 6 failed: storage refused", letter.Error);
        Assert.Equal(EnqueuedAt, letter.FailedAt);
        Assert.Equal(6, letter.DequeueCount);
    }

    [Fact]
    public void An_id_names_its_queue_and_sequence_number_even_for_a_queue_with_a_dot_and_nothing_else_parses()
    {
        var receiver = new FakeDeadLetterReceiver();
        var received = receiver.DeadLetter(
            Topics.PayoutRunApproved,
            FakeDeadLetterReceiver.Event(Topics.PayoutRunApproved, new PayoutRunApproved("run_1", "prg_1", "2025-02", "EUR", 1, 1500, EnqueuedAt)),
            EnqueuedAt,
            "TTLExpiredException",
            string.Empty);
        var id = DeadLetterMessages.IdOf(Topics.PayoutRunApproved, received);

        Assert.True(DeadLetterMessages.TryParseId(id, out var queue, out var sequenceNumber));
        Assert.Equal((Topics.PayoutRunApproved, received.SequenceNumber), (queue, sequenceNumber));
        Assert.Equal("TTLExpiredException", DeadLetterMessages.From(queue, received).Error);
        Assert.False(DeadLetterMessages.TryParseId($"{EnqueuedAt.UtcTicks:D19}-other-queue-7", out _, out _));
        Assert.False(DeadLetterMessages.TryParseId($"{EnqueuedAt.UtcTicks:D19}-clicks-recorded-x", out _, out _));
        Assert.False(DeadLetterMessages.TryParseId("clicks-recorded-7", out _, out _));
        Assert.False(DeadLetterMessages.TryParseId(null, out _, out _));
    }

    [Fact]
    public void The_copy_carries_the_event_on_a_first_attempt_with_an_id_of_its_own_and_no_dead_letter_reason()
    {
        var receiver = new FakeDeadLetterReceiver();
        var sent = ServiceBusMessages.RetryOf(ReceivedMessages.Of(Topics.ConversionReceived, new ConversionReceived("prg_1", "cnv_abc")), 6, EnqueuedAt);
        var received = receiver.DeadLetter(Topics.ConversionReceived, sent, EnqueuedAt);

        var copy = DeadLetterMessages.RequeueOf(received);
        var again = DeadLetterMessages.RequeueOf(received);

        Assert.Equal(sent.Body.ToString(), copy.Body.ToString());
        Assert.Equal(sent.ContentType, copy.ContentType);
        Assert.Equal(sent.Subject, copy.Subject);
        Assert.Equal("prg_1", copy.ApplicationProperties["programId"]);
        Assert.Equal($"cnv_abc:retry-5:requeue-{received.SequenceNumber}", copy.MessageId);
        Assert.Equal(copy.MessageId, again.MessageId);
        Assert.Equal(1, ServiceBusMessages.AttemptOf(ServiceBusModelFactory.ServiceBusReceivedMessage(properties: copy.ApplicationProperties)));
        Assert.False(copy.ApplicationProperties.ContainsKey("DeadLetterReason"));
        Assert.False(copy.ApplicationProperties.ContainsKey("DeadLetterErrorDescription"));
    }

    [Fact]
    public void The_copy_of_a_message_with_a_long_id_stays_within_the_id_limit()
    {
        var receiver = new FakeDeadLetterReceiver();
        var received = receiver.DeadLetter(Topics.ClicksRecorded, new ServiceBusMessage("{}") { MessageId = new string('f', 128) }, EnqueuedAt);

        var copy = DeadLetterMessages.RequeueOf(received);

        Assert.True(copy.MessageId.Length <= 128, copy.MessageId);
        Assert.EndsWith($":requeue-{received.SequenceNumber}", copy.MessageId, StringComparison.Ordinal);
    }
}
