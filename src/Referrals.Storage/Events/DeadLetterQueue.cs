using Azure;

namespace Referrals.Storage.Events;

/// <summary>A message that failed every try: its id, topic, the event it carried, the last error, when, after how many tries, and its program.</summary>
public sealed record DeadLetter(string Id, string Topic, string Message, string Error, DateTimeOffset FailedAt, long DequeueCount, string? ProgramId);

/// <summary>
/// A program's dead letters (messages <see cref="QueueWorker{TEvent}"/> moved to a poison queue, as
/// recorded in the <see cref="DeadLetterLog"/>), and putting one back on its topic's queue.
/// </summary>
public sealed class DeadLetterQueue(StorageAccount account) : IDeadLetters
{
    /// <summary>The most dead letters one page holds.</summary>
    public const int MaxPageSize = 100;

    private readonly DeadLetterLog _log = new(account);

    /// <summary>Up to <paramref name="limit"/> of the program's dead letters after the one with id <paramref name="after"/>, oldest first.</summary>
    public Task<IReadOnlyList<DeadLetter>> ListAsync(string programId, string? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(programId);
        return _log.ListAsync(programId, after, Math.Clamp(limit, 1, MaxPageSize), cancellationToken);
    }

    /// <summary>
    /// Sends the dead letter's event to its topic's queue again and removes it from the poison queue and
    /// the log; null when the program has no dead letter with this id.
    /// </summary>
    public async Task<DeadLetter?> RetryAsync(string programId, string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(programId);
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (await _log.FindAsync(programId, id, cancellationToken) is not { } found)
        {
            return null;
        }

        var (letter, poisonMessageId, popReceipt) = found;
        await account.GetQueueClient(letter.Topic).SendMessageAsync(letter.Message, cancellationToken);
        try
        {
            await account.GetPoisonQueueClient(letter.Topic).DeleteMessageAsync(poisonMessageId, popReceipt, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 400)
        {
            // Gone already, or received by another tool since: the log row is what lists it, and it goes next.
        }

        await _log.RemoveAsync(programId, id, cancellationToken);
        return letter;
    }
}
