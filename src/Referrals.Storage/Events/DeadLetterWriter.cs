using System.Text.Json;

namespace Referrals.Storage.Events;

/// <summary>
/// Moves a message that will not be handled to its topic's poison queue and records it in the
/// <see cref="DeadLetterLog"/> (under the program its event names), in the shape <see cref="QueueWorker{TEvent}"/>
/// and the Functions app's queue-triggered functions share. Without the record the dead-letter API would
/// neither list nor retry it.
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
        var wrapped = JsonSerializer.Serialize(new PoisonMessage(text, error, failedAt, dequeueCount), EventSerializer.Options);
        if (System.Text.Encoding.UTF8.GetByteCount(wrapped) > EventSerializer.MaxMessageBytes)
        {
            // Escaping can make a near-limit message too large to wrap; keep its head so it stays findable.
            var room = Math.Max(0, text.Length - (System.Text.Encoding.UTF8.GetByteCount(wrapped) - EventSerializer.MaxMessageBytes) - 1_024);
            wrapped = JsonSerializer.Serialize(new PoisonMessage(text[..Math.Min(room, text.Length / 2)], error, failedAt, dequeueCount, Truncated: true), EventSerializer.Options);
        }

        var poison = account.GetPoisonQueueClient(topic);
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var sent = (await poison.SendMessageAsync(wrapped, cancellationToken)).Value;
        return await _log.RecordAsync(topic, text, error, failedAt, dequeueCount, sent.MessageId, sent.PopReceipt, cancellationToken);
    }

    private sealed record PoisonMessage(string Message, string Error, DateTimeOffset FailedAt, long DequeueCount, bool? Truncated = null);
}
