using System.Text.Json;
using Referrals.Core.Email;
using Referrals.Storage.Events;

namespace Referrals.Storage.Email;

/// <summary>
/// Moves an outbox message that will not be sent to the outbox's poison queue and records it in the
/// dead letters under its program (<see cref="DeadLetterWriter"/>), for a host whose queue trigger runs
/// the tries itself (the Functions app).
/// </summary>
public sealed class EmailDeadLetters(StorageAccount account, TimeProvider time)
{
    private readonly DeadLetterWriter _writer = new(account, time);

    /// <summary>The e-mail in an outbox message; throws <see cref="JsonException"/> when it is none.</summary>
    public static EmailMessage Read(string text) =>
        JsonSerializer.Deserialize<EmailMessage>(text, EventSerializer.Options) ?? throw new JsonException("The message is JSON null, not an e-mail.");

    public Task MoveAsync(string text, Exception exception, long dequeueCount, CancellationToken cancellationToken) =>
        _writer.MoveAsync(QueueEmailOutbox.Topic, text, exception, dequeueCount, cancellationToken);
}
