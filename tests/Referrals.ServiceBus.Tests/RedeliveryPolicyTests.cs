using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Azure;
using Azure.Messaging.ServiceBus;
using Referrals.Core.Attribution;

namespace Referrals.ServiceBus.Tests;

public sealed class RedeliveryPolicyTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 4)]
    [InlineData(3, 15)]
    [InlineData(4, 60)]
    [InlineData(5, 300)]
    public void Each_failed_attempt_waits_longer_before_the_next(int attempt, int seconds)
    {
        var outcome = RedeliveryPolicy.AfterFailure(new OriginalPaymentPendingException("sale not in yet"), attempt);

        var retry = Assert.IsType<DeliveryOutcome.RetryLater>(outcome);
        Assert.Equal(TimeSpan.FromSeconds(seconds), retry.Delay);
        Assert.Equal(attempt + 1, retry.NextAttempt);
    }

    [Fact]
    public void A_failure_on_the_sixth_attempt_goes_to_the_dead_letter_queue_with_its_error()
    {
        var failure = new TimeoutException("The table call timed out.");

        var outcome = RedeliveryPolicy.AfterFailure(failure, 6);

        var deadLetter = Assert.IsType<DeliveryOutcome.DeadLetter>(outcome);
        Assert.Equal("AttemptsExhausted", deadLetter.Reason);
        Assert.Equal("Attempt 6 of 6 failed: System.TimeoutException: The table call timed out.", deadLetter.Description);
        Assert.Same(failure, deadLetter.Failure);
    }

    [Fact]
    public void An_attempt_count_beyond_the_last_goes_to_the_dead_letter_queue_too()
    {
        var outcome = RedeliveryPolicy.AfterFailure(new TimeoutException(), 40);

        Assert.Equal("AttemptsExhausted", Assert.IsType<DeliveryOutcome.DeadLetter>(outcome).Reason);
    }

    [Fact]
    public void A_bug_is_tried_again_on_the_same_schedule_as_a_passing_failure()
    {
        var bug = RedeliveryPolicy.AfterFailure(new InvalidOperationException("no plan"), 3);
        var passing = RedeliveryPolicy.AfterFailure(new OriginalPaymentPendingException(), 3);

        Assert.Equal(
            (Assert.IsType<DeliveryOutcome.RetryLater>(passing).Delay, ((DeliveryOutcome.RetryLater)passing).NextAttempt),
            (Assert.IsType<DeliveryOutcome.RetryLater>(bug).Delay, ((DeliveryOutcome.RetryLater)bug).NextAttempt));
        Assert.IsType<DeliveryOutcome.DeadLetter>(RedeliveryPolicy.AfterFailure(new InvalidOperationException("no plan"), 6));
    }

    [Fact]
    public void Six_attempts_span_a_little_over_six_minutes()
    {
        Assert.Equal(6, RedeliveryPolicy.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1 + 4 + 15 + 60 + 300), RedeliveryPolicy.Delays.Aggregate(TimeSpan.Zero, (sum, delay) => sum + delay));
    }

    [Fact]
    public void A_body_that_is_not_the_event_goes_to_the_dead_letter_queue_with_the_parse_error()
    {
        var error = new JsonException("'n' is an invalid start of a value. Path: $ | LineNumber: 0 | BytePositionInLine: 0.");

        var outcome = RedeliveryPolicy.Malformed(error);

        var deadLetter = Assert.IsType<DeliveryOutcome.DeadLetter>(outcome);
        Assert.Equal("MalformedMessage", deadLetter.Reason);
        Assert.Equal("The body is not the event of this queue: System.Text.Json.JsonException: " + error.Message, deadLetter.Description);
    }

    [Fact]
    public void A_long_error_is_cut_to_the_longest_description()
    {
        var outcome = RedeliveryPolicy.AfterFailure(new InvalidOperationException(new string('x', 5_000)), 6);

        var description = Assert.IsType<DeliveryOutcome.DeadLetter>(outcome).Description;
        Assert.Equal(RedeliveryPolicy.MaxDescriptionLength, description.Length);
        Assert.StartsWith("Attempt 6 of 6 failed: System.InvalidOperationException: xxx", description);
    }

    public static TheoryData<Exception> PassingFailures() => new()
    {
        new OriginalPaymentPendingException("refund before its sale"),
        new RequestFailedException(503, "Server busy"),
        new RequestFailedException(500, "Internal error"),
        new RequestFailedException(408, "Request timeout"),
        new RequestFailedException(429, "Too many requests"),
        new RequestFailedException("No answer", new HttpRequestException("connection refused")),
        new ServiceBusException("busy", ServiceBusFailureReason.ServiceBusy),
        new TimeoutException(),
        new HttpRequestException("connection reset", null, HttpStatusCode.BadGateway),
        new IOException("broken pipe"),
        new SocketException((int)SocketError.ConnectionReset),
        new TaskCanceledException("The HTTP client's timeout"),
        new AggregateException(new TimeoutException(), new RequestFailedException(503, "busy")),
    };

    [Theory]
    [MemberData(nameof(PassingFailures))]
    public void Timeouts_throttling_server_errors_and_a_refund_ahead_of_its_sale_pass_by_themselves(Exception failure)
    {
        Assert.True(RedeliveryPolicy.IsTransient(failure));
    }

    public static TheoryData<Exception> Bugs() => new()
    {
        new InvalidOperationException("no commission plan"),
        new KeyNotFoundException("no partner prt_1"),
        new ArgumentException("bad id"),
        new RequestFailedException(404, "Not found"),
        new RequestFailedException(412, "Condition not met"),
        new ServiceBusException("too big", ServiceBusFailureReason.MessageSizeExceeded),
        new AggregateException(new TimeoutException(), new InvalidOperationException()),
    };

    [Theory]
    [MemberData(nameof(Bugs))]
    public void Client_errors_and_broken_invariants_do_not_pass_by_themselves(Exception failure)
    {
        Assert.False(RedeliveryPolicy.IsTransient(failure));
    }
}
