using System.Collections.ObjectModel;
using System.Net.Sockets;
using Azure;
using Azure.Messaging.ServiceBus;
using Referrals.Core.Attribution;

namespace Referrals.ServiceBus;

/// <summary>
/// When a failed message is tried again, and when it is given up: a message that is not an event goes to
/// the dead-letter queue at once (no attempt can fix it); a handler's failure is tried again after
/// 1 s, 4 s, 15 s, 1 min and 5 min, and the failure of the last attempt goes to the dead-letter queue.
/// </summary>
/// <remarks>
/// A failure that is not <see cref="IsTransient">transient</see> (a bug, as far as we can tell) gets the same
/// attempts: handlers are idempotent so an attempt costs little, and several such failures are in truth
/// passing ones nobody listed (an ETag conflict that outlived the handler's own retries, a client shut down
/// under a call). Transience only decides how loudly an attempt is logged.
/// </remarks>
public static class RedeliveryPolicy
{
    /// <summary>The dead-letter reason of a message whose body is not the event its queue carries.</summary>
    public const string MalformedMessageReason = "MalformedMessage";

    /// <summary>The dead-letter reason of a message whose handler failed on every attempt.</summary>
    public const string AttemptsExhaustedReason = "AttemptsExhausted";

    /// <summary>The longest dead-letter description; it is stored with the message, so it stays short.</summary>
    public const int MaxDescriptionLength = 1_024;

    /// <summary>The wait before attempt <c>n + 2</c> after attempt <c>n + 1</c> failed (the first attempt is 1).</summary>
    public static ReadOnlyCollection<TimeSpan> Delays { get; } = Array.AsReadOnly(
    [
        TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(4),
        TimeSpan.FromSeconds(15),
        TimeSpan.FromMinutes(1),
        TimeSpan.FromMinutes(5),
    ]);

    /// <summary>The attempts a message gets: the first delivery and one after each of <see cref="Delays"/>.</summary>
    public static int MaxAttempts => Delays.Count + 1;

    /// <summary>What follows when the handler failed with <paramref name="failure"/> on attempt <paramref name="attempt"/> (from 1).</summary>
    public static DeliveryOutcome AfterFailure(Exception failure, int attempt)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (attempt < MaxAttempts)
        {
            var index = Math.Max(attempt, 1) - 1;
            return new DeliveryOutcome.RetryLater(Delays[index], index + 2, failure);
        }

        return new DeliveryOutcome.DeadLetter(AttemptsExhaustedReason, Describe($"Attempt {attempt} of {MaxAttempts} failed", failure), failure);
    }

    /// <summary>What follows when the body could not be read as the event (<paramref name="parseError"/>).</summary>
    public static DeliveryOutcome Malformed(Exception parseError)
    {
        ArgumentNullException.ThrowIfNull(parseError);
        return new DeliveryOutcome.DeadLetter(MalformedMessageReason, Describe("The body is not the event of this queue", parseError), parseError);
    }

    /// <summary>
    /// Whether <paramref name="exception"/> is a condition that passes by itself: a refund ahead of its sale, a renewal ahead of its customer's first sale,
    /// a timeout, throttling, a server or network error of a storage or Service Bus call.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        AttributionPendingException => true,
        // Status 0: no answer at all (the Azure SDK's transport failed after its own retries).
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500,
        ServiceBusException serviceBus => serviceBus.IsTransient,
        TimeoutException or HttpRequestException or IOException or SocketException => true,
        // The host's own cancellation never gets here (the delivery rethrows it): this is a client's timeout.
        OperationCanceledException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransient),
        _ => false,
    };

    // The exception's type and message: enough to find the cause, and never the message body.
    private static string Describe(string what, Exception exception)
    {
        var description = $"{what}: {exception.GetType().FullName}: {exception.Message}";
        return description.Length <= MaxDescriptionLength ? description : description[..MaxDescriptionLength];
    }
}
