using System.Text.Json;
using Azure.Storage.Queues.Models;

namespace Referrals.Storage.Events;

/// <summary>A message in a topic's poison queue: what failed, why, when, and after how many tries.</summary>
public sealed record DeadLetter(string Id, string Topic, string Message, string Error, DateTimeOffset FailedAt, long DequeueCount, string? ProgramId);

/// <summary>
/// Reads the poison queues (<c>&lt;queue&gt;-poison</c>, written by <see cref="QueueWorker{TEvent}"/>) and
/// puts a message back on its topic's queue for another try.
/// </summary>
public sealed class DeadLetterQueue(StorageAccount account)
{
    /// <summary>Azure Queue Storage peeks at most 32 messages per request; this many are looked at per topic.</summary>
    public const int PeekLimit = 32;

    /// <summary>The poison messages whose event names <paramref name="programId"/> (the oldest <see cref="PeekLimit"/> per topic).</summary>
    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string programId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(programId);
        var letters = new List<DeadLetter>();
        foreach (var topic in StorageAccount.TopicNames)
        {
            PeekedMessage[] peeked = (await account.GetPoisonQueueClient(topic).PeekMessagesAsync(PeekLimit, cancellationToken)).Value;
            letters.AddRange(peeked
                .Select(message => Read(topic, message.MessageId, message.Body))
                .Where(letter => letter?.ProgramId == programId)
                .Select(letter => letter!));
        }

        return letters;
    }

    /// <summary>
    /// Sends the poison message's original event to its topic's queue again and removes it from the
    /// poison queue; null when no poison message of <paramref name="programId"/> has this id.
    /// </summary>
    public async Task<DeadLetter?> RetryAsync(string programId, string messageId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(programId);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        foreach (var topic in StorageAccount.TopicNames)
        {
            var poison = account.GetPoisonQueueClient(topic);

            // Receiving hides the messages for a moment; the ones that are not wanted are made visible again at once.
            QueueMessage[] received = (await poison.ReceiveMessagesAsync(PeekLimit, TimeSpan.FromSeconds(30), cancellationToken)).Value;
            DeadLetter? found = null;
            foreach (var message in received)
            {
                var letter = message.MessageId == messageId ? Read(topic, message.MessageId, message.Body) : null;
                if (letter is not null && letter.ProgramId == programId)
                {
                    await account.GetQueueClient(topic).SendMessageAsync(letter.Message, cancellationToken);
                    await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                    found = letter;
                }
                else
                {
                    await poison.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None);
                }
            }

            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    private static DeadLetter? Read(string topic, string id, BinaryData body)
    {
        try
        {
            using var wrapper = JsonDocument.Parse(body.ToMemory());
            var root = wrapper.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String
                || (root.TryGetProperty("truncated", out var truncated) && truncated.ValueKind == JsonValueKind.True))
            {
                return null;
            }

            var text = message.GetString()!;
            return new DeadLetter(
                id,
                topic,
                text,
                root.TryGetProperty("error", out var error) ? error.GetString() ?? string.Empty : string.Empty,
                root.TryGetProperty("failedAt", out var failedAt) && failedAt.TryGetDateTimeOffset(out var at) ? at : DateTimeOffset.MinValue,
                root.TryGetProperty("dequeueCount", out var count) && count.TryGetInt64(out var tries) ? tries : 0,
                ProgramIdOf(text));
        }
        catch (JsonException)
        {
            return null; // not written by the queue worker: nothing we can attribute to a program
        }
    }

    private static string? ProgramIdOf(string message)
    {
        try
        {
            using var document = JsonDocument.Parse(message);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("programId", out var programId) && programId.ValueKind == JsonValueKind.String
                ? programId.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
