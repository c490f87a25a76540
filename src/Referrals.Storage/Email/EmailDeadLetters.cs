using System.Text.Json;
using Referrals.Core.Email;
using Referrals.Storage.Events;

namespace Referrals.Storage.Email;

/// <summary>
/// Moves an outbox message that will not be sent to the outbox's poison queue and records it in the
/// <see cref="DeadLetterLog"/> (under its program), in the shape <see cref="QueueWorker{TEvent}"/> uses,
/// for a host whose queue trigger runs the tries itself (the Functions app).
/// </summary>
public sealed class EmailDeadLetters(StorageAccount account, TimeProvider time)
{
    private const int MaxErrorLength = 2_000;
    private readonly DeadLetterLog _log = new(account);

    /// <summary>The e-mail in an outbox message; throws <see cref="JsonException"/> when it is none.</summary>
    public static EmailMessage Read(string text) =>
        JsonSerializer.Deserialize<EmailMessage>(text, EventSerializer.Options) ?? throw new JsonException("The message is JSON null, not an e-mail.");

    public async Task MoveAsync(string text, Exception exception, long dequeueCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(exception);
        var error = $"{exception.GetType().FullName}: {exception.Message}";
        error = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        var failedAt = time.GetUtcNow();
        var poison = account.GetPoisonQueueClient(QueueEmailOutbox.Topic);
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var sent = (await poison.SendMessageAsync(
            JsonSerializer.Serialize(new { message = text, error, failedAt, dequeueCount }, EventSerializer.Options), cancellationToken)).Value;
        await _log.RecordAsync(QueueEmailOutbox.Topic, text, error, failedAt, dequeueCount, sent.MessageId, sent.PopReceipt, cancellationToken);
    }
}
