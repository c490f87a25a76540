using Microsoft.Extensions.Logging;

namespace Referrals.Storage.Events;

/// <summary>The queue workers' log lines: ids and counts only, never message bodies.</summary>
internal static partial class QueueWorkerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Queue worker for topic {Topic} listens on queue {Queue}")]
    public static partial void Started(ILogger logger, string topic, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving from the queue of topic {Topic} failed; trying again")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling message {MessageId} of topic {Topic} failed on try {DequeueCount}; retrying in {Delay}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string topic, string messageId, long dequeueCount, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} of topic {Topic} waits (try {DequeueCount}); next try in {Delay}: {Reason}")]
    public static partial void Pending(ILogger logger, string topic, string messageId, long dequeueCount, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} of topic {Topic} failed {DequeueCount} times; moved to the poison queue")]
    public static partial void GaveUp(ILogger logger, Exception exception, string topic, string messageId, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} of topic {Topic} is not a valid event; moved to the poison queue")]
    public static partial void Undeserializable(ILogger logger, Exception exception, string topic, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settling message {MessageId} of topic {Topic} failed; it will be delivered again")]
    public static partial void SettleFailed(ILogger logger, Exception exception, string topic, string messageId);
}
