using Referrals.Core.Conversions;
using Referrals.Core.Events;
using Referrals.Core.Payouts;

namespace Referrals.ServiceBus.Tests;

/// <summary>The dead letters of the Service Bus queues through the dead-letter port, over a receiver that keeps them in memory.</summary>
public sealed class ServiceBusDeadLettersTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeDeadLetterReceiver _receiver = new();

    [Fact]
    public async Task A_program_s_dead_letters_of_every_queue_are_listed_oldest_first_and_paged_without_another_program_s()
    {
        _receiver.DeadLetter(Topics.ConversionReceived, Conversion("prg_1", "cnv_b"), Start.AddMinutes(2));
        _receiver.DeadLetter(Topics.ConversionReceived, Conversion("prg_2", "cnv_x"), Start.AddMinutes(1));
        _receiver.DeadLetter(Topics.PayoutRunApproved, FakeDeadLetterReceiver.Event(Topics.PayoutRunApproved, new PayoutRunApproved("run_1", "prg_1", "2025-02", "EUR", 1, 1500, Start)), Start.AddMinutes(1));
        _receiver.DeadLetter(Topics.ConversionReceived, Conversion("prg_1", "cnv_c"), Start.AddMinutes(3));
        var deadLetters = new ServiceBusDeadLetters(_receiver);

        var first = await deadLetters.ListAsync("prg_1", null, 2, default);
        var second = await deadLetters.ListAsync("prg_1", first[^1].Id, 2, default);

        Assert.Equal([Topics.PayoutRunApproved, Topics.ConversionReceived], first.Select(letter => letter.Topic));
        Assert.Contains("cnv_b", first[1].Message, StringComparison.Ordinal);
        Assert.Contains("cnv_c", Assert.Single(second).Message, StringComparison.Ordinal);
        Assert.All(first.Concat(second), letter => Assert.Equal("prg_1", letter.ProgramId));
        Assert.False(_receiver.AnyLocked);
    }

    [Fact]
    public async Task A_retry_sends_the_event_to_its_queue_once_and_removes_the_dead_letter_leaving_the_others()
    {
        _receiver.DeadLetter(Topics.ConversionReceived, Conversion("prg_1", "cnv_a"), Start);
        var target = _receiver.DeadLetter(Topics.ConversionReceived, Conversion("prg_1", "cnv_b"), Start.AddMinutes(1));
        _receiver.DeadLetter(Topics.ConversionReceived, Conversion("prg_1", "cnv_c"), Start.AddMinutes(2));
        var deadLetters = new ServiceBusDeadLetters(_receiver);
        var id = DeadLetterMessages.IdOf(Topics.ConversionReceived, target);

        var retried = await deadLetters.RetryAsync("prg_1", id, default);
        var twice = await deadLetters.RetryAsync("prg_1", id, default);

        Assert.Equal(id, retried?.Id);
        Assert.Null(twice);
        var (queue, copy) = Assert.Single(_receiver.Sent);
        Assert.Equal(Topics.ConversionReceived, queue);
        Assert.Equal(target.Body.ToString(), copy.Body.ToString());
        Assert.DoesNotContain(_receiver.In(Topics.ConversionReceived), message => message.SequenceNumber == target.SequenceNumber);
        Assert.Equal(2, _receiver.In(Topics.ConversionReceived).Count);
        Assert.False(_receiver.AnyLocked);
        Assert.Equal(["cnv_a", "cnv_c"], (await deadLetters.ListAsync("prg_1", null, 10, default)).Select(letter => System.Text.Json.JsonDocument.Parse(letter.Message).RootElement.GetProperty("conversionId").GetString()));
    }

    [Fact]
    public async Task Another_program_s_dead_letter_or_an_id_of_no_queue_is_not_retried()
    {
        var other = _receiver.DeadLetter(Topics.ConversionReceived, Conversion("prg_2", "cnv_x"), Start);
        var deadLetters = new ServiceBusDeadLetters(_receiver);

        Assert.Null(await deadLetters.RetryAsync("prg_1", DeadLetterMessages.IdOf(Topics.ConversionReceived, other), default));
        Assert.Null(await deadLetters.RetryAsync("prg_1", "0638000000000000000-nowhere-1", default));

        Assert.Empty(_receiver.Sent);
        Assert.Single(_receiver.In(Topics.ConversionReceived));
        Assert.False(_receiver.AnyLocked);
    }

    private static Azure.Messaging.ServiceBus.ServiceBusMessage Conversion(string programId, string conversionId) =>
        FakeDeadLetterReceiver.Event(Topics.ConversionReceived, new ConversionReceived(programId, conversionId));
}
