using System.Text.Json;

namespace Referrals.Storage.Events;

/// <summary>
/// Moves a message that will not be handled to its topic's poison queue and records it in the
/// <see cref="DeadLetterLog"/> (under the program its event names), in the shape <see cref="QueueWorker{TEvent}"/>
/// uses, for a host whose queue trigger runs the tries itself (the Functions app). Without the record the
/// dead-letter API would neither list nor retry it.
/// </summary>
public sealed class DeadLetterWriter(StorageAccount account, TimeProvider time)
{
    private const int MaxErrorLength = 2_000;
    private readonly DeadLetterLog _log = new(account);

    public async Task<DeadLetter> MoveAsync(string topic, string text, Exception exception, long dequeueCount, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(exception);
        var error = $"{exception.GetType().FullName}: {exception.Message}";
        error = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        var failedAt = time.GetUtcNow();
        var poison = account.GetPoisonQueueClient(topic);
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var sent = (await poison.SendMessageAsync(
            JsonSerializer.Serialize(new { message = text, error, failedAt, dequeueCount }, EventSerializer.Options), cancellationToken)).Value;
        return await _log.RecordAsync(topic, text, error, failedAt, dequeueCount, sent.MessageId, sent.PopReceipt, cancellationToken);
    }
}
