using System.Text.Json;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using Referrals.Storage;
using Referrals.Storage.Events;

namespace Referrals.Functions.Hosting;

/// <summary>
/// One try of a message on a queue that stays on Storage (the e-mail outbox, the terms fan-out), for a
/// function whose queue trigger runs the tries itself. A failure is thrown back, so the queue shows the
/// message again; on its last try (<c>Referrals:Storage:MaxDequeueCount</c>, below host.json's
/// <c>maxDequeueCount</c>) it goes to the poison queue and the dead letters (<see cref="DeadLetterWriter"/>),
/// where the dead-letter API lists and retries it like any other. A message that cannot be read goes there
/// at once: trying it again cannot help.
/// </summary>
public sealed class StorageQueueTries(DeadLetterWriter deadLetters, IOptions<StorageOptions> options)
{
    /// <summary>
    /// Reads <paramref name="message"/> of <paramref name="topic"/> as a <typeparamref name="T"/> and hands it to
    /// <paramref name="handle"/>; <paramref name="gaveUp"/> is called on the last try's failure (to log it),
    /// before the message goes to the dead letters.
    /// </summary>
    public async Task RunAsync<T>(string topic, QueueMessage message, Func<T, CancellationToken, Task> handle, Action<Exception, T, long> gaveUp, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(gaveUp);
        var text = message.Body.ToString();
        T item;
        try
        {
            item = JsonSerializer.Deserialize<T>(text, EventSerializer.Options) ?? throw new JsonException($"The message is JSON null, not a {typeof(T).Name}.");
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            await deadLetters.MoveAsync(topic, text, exception, message.DequeueCount, cancellationToken);
            return;
        }

        try
        {
            await handle(item, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && message.DequeueCount >= options.Value.MaxDequeueCount)
        {
            gaveUp(exception, item, message.DequeueCount);
            await deadLetters.MoveAsync(topic, text, exception, message.DequeueCount, cancellationToken);
        }
    }
}
