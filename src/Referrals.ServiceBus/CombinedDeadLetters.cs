using Referrals.Storage.Events;

namespace Referrals.ServiceBus;

/// <summary>
/// The dead letters of a deployment whose events travel on Service Bus: the events' (the dead-letter
/// subqueues, <see cref="ServiceBusDeadLetters"/>) and those of the queues that stay on Storage there too,
/// the e-mail outbox and the terms fan-out (<see cref="DeadLetterQueue"/>). Both kinds of id start with the
/// failure time, so one list ordered by id pages through both.
/// </summary>
public sealed class CombinedDeadLetters(ServiceBusDeadLetters serviceBus, DeadLetterQueue storage) : IDeadLetters
{
    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string programId, string? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serviceBus);
        ArgumentNullException.ThrowIfNull(storage);
        var events = await serviceBus.ListAsync(programId, after, limit, cancellationToken);
        var stored = await storage.ListAsync(programId, after, limit, cancellationToken);
        return [.. events.Concat(stored).OrderBy(letter => letter.Id, StringComparer.Ordinal).Take(limit)];
    }

    public Task<DeadLetter?> RetryAsync(string programId, string id, CancellationToken cancellationToken) =>
        DeadLetterMessages.TryParseId(id, out _, out _)
            ? serviceBus.RetryAsync(programId, id, cancellationToken)
            : storage.RetryAsync(programId, id, cancellationToken);
}
