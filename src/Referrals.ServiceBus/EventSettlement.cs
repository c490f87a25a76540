using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging;
using Referrals.Core.Events;

namespace Referrals.ServiceBus;

/// <summary>
/// Delivers a received message's event (<see cref="EventDelivery"/>) and settles the message itself, for a
/// trigger with auto-completion off. A message whose handler took the event is completed. One that is not
/// an event is dead-lettered at once. After a handler's failure, a copy of the message is sent to its queue
/// scheduled for later (<see cref="RedeliveryPolicy"/>: 1 s, 4 s, 15 s, 1 min, 5 min, the attempt counted in
/// <see cref="ServiceBusMessages.AttemptProperty"/>) and the message is completed; the failure of the last
/// attempt is dead-lettered with its error. Abandoning instead would bring the message back at once, so a
/// "try again a little later" (a refund ahead of its sale) would use up every delivery within a second.
/// </summary>
/// <remarks>
/// The copy is sent before the message is completed, and <see cref="IEventHandler{TEvent}"/>s are
/// idempotent: a crash in between only delivers the event twice (and the queue drops a second copy of the
/// same attempt by its id). When the copy cannot be sent the message stays unsettled and the queue
/// delivers it again, up to its max delivery count. When the host stops during a handler, the message is
/// abandoned so another instance takes it at once. A dead letter sent back to its queue by hand needs a
/// new message id (duplicate detection remembers the old one) and no <see cref="ServiceBusMessages.AttemptProperty"/>,
/// or it starts on its last attempt.
/// </remarks>
public sealed partial class EventSettlement(EventDelivery delivery, ServiceBusClient client, TimeProvider time, ILogger<EventSettlement> logger)
{
    /// <summary>Delivers <paramref name="message"/>, received from <paramref name="queue"/>, and settles it through <paramref name="actions"/>.</summary>
    public async Task SettleAsync<TEvent>(string queue, ServiceBusReceivedMessage message, IMessageActions actions, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(actions);
        DeliveryOutcome outcome;
        try
        {
            outcome = await delivery.DeliverAsync<TEvent>(message, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host is stopping: hand the message back now rather than when its lock runs out.
            LogReleased(logger, message.MessageId, queue);
            await actions.AbandonAsync(message, CancellationToken.None);
            return;
        }

        // Settled without the invocation's token: once the handler is done, its outcome should stick.
        switch (outcome)
        {
            case DeliveryOutcome.Complete:
                await actions.CompleteAsync(message, CancellationToken.None);
                break;
            case DeliveryOutcome.RetryLater retry:
                LogRetry(queue, message, retry);
                var copy = ServiceBusMessages.RetryOf(message, retry.NextAttempt, time.GetUtcNow() + retry.Delay);
                // A sender per copy: copies are rare, and so this class holds nothing to dispose.
                await using (var sender = client.CreateSender(queue))
                {
                    await sender.SendMessageAsync(copy, CancellationToken.None);
                }

                await actions.CompleteAsync(message, CancellationToken.None);
                break;
            case DeliveryOutcome.DeadLetter deadLetter:
                LogDeadLettered(logger, deadLetter.Failure, message.MessageId, queue, deadLetter.Reason);
                await actions.DeadLetterAsync(message, deadLetter.Reason, deadLetter.Description, CancellationToken.None);
                break;
            default:
                throw new InvalidOperationException($"Unknown delivery outcome {outcome}.");
        }
    }

    private void LogRetry(string queue, ServiceBusReceivedMessage message, DeliveryOutcome.RetryLater retry)
    {
        var attempt = retry.NextAttempt - 1;
        if (RedeliveryPolicy.IsTransient(retry.Failure))
        {
            // Expected now and then (a refund ahead of its sale, throttling): no stack trace.
            if (logger.IsEnabled(LogLevel.Information))
            {
                var errorType = retry.Failure.GetType().Name;
                LogTransientFailure(logger, message.MessageId, queue, attempt, errorType, retry.Failure.Message, retry.Delay);
            }
        }
        else
        {
            LogUnexpectedFailure(logger, retry.Failure, message.MessageId, queue, attempt, retry.Delay);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} of queue {Queue} failed on attempt {Attempt} ({ErrorType}: {Error}); trying again in {Delay}")]
    private static partial void LogTransientFailure(ILogger logger, string messageId, string queue, int attempt, string errorType, string error, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} of queue {Queue} failed on attempt {Attempt}; trying again in {Delay}")]
    private static partial void LogUnexpectedFailure(ILogger logger, Exception exception, string messageId, string queue, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} of queue {Queue} moved to the dead-letter queue ({Reason})")]
    private static partial void LogDeadLettered(ILogger logger, Exception exception, string messageId, string queue, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} of queue {Queue} handed back: the host is stopping")]
    private static partial void LogReleased(ILogger logger, string messageId, string queue);
}
