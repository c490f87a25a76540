namespace Referrals.Storage.Events;

/// <summary>
/// The event bus's dead letters, as the dead-letter API lists and retries them, whichever bus holds them:
/// the Storage poison queues (<see cref="DeadLetterQueue"/>) or the Service Bus dead-letter subqueues.
/// </summary>
public interface IDeadLetters
{
    /// <summary>Up to <paramref name="limit"/> of the program's dead letters after the one with id <paramref name="after"/>, oldest first.</summary>
    Task<IReadOnlyList<DeadLetter>> ListAsync(string programId, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Sends the dead letter's event to its topic's queue once more and removes the dead letter; null when the
    /// program has no dead letter with this id.
    /// </summary>
    Task<DeadLetter?> RetryAsync(string programId, string id, CancellationToken cancellationToken);
}
