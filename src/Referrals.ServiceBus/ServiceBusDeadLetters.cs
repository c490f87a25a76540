using Azure.Messaging.ServiceBus;
using Referrals.Storage.Events;

namespace Referrals.ServiceBus;

/// <summary>
/// The dead letters of the Functions deployment: the messages Service Bus moved to the dead-letter
/// subqueue of an event queue (attempts exhausted, unreadable, or expired), listed per program as the
/// Storage poison queues are, and put back on their queue once on request.
/// </summary>
public sealed class ServiceBusDeadLetters(IDeadLetterReceiver receiver) : IDeadLetters
{
    /// <summary>
    /// The most dead letters looked at per queue for one request: a subqueue holds no index by program, so
    /// a listing peeks through it. Past this many the oldest are listed and the rest wait for the portal.
    /// </summary>
    public const int MaxScanned = 5_000;

    private const int PageSize = 100;

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string programId, string? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(programId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var letters = new List<DeadLetter>();
        foreach (var queue in DeadLetterMessages.Queues)
        {
            long from = 0;
            for (var scanned = 0; scanned < MaxScanned;)
            {
                var page = await receiver.PeekAsync(queue, from, Math.Min(PageSize, MaxScanned - scanned), cancellationToken);
                if (page.Count == 0)
                {
                    break;
                }

                scanned += page.Count;
                letters.AddRange(page
                    .Select(message => DeadLetterMessages.From(queue, message))
                    .Where(letter => letter.ProgramId == programId && (after is null || string.CompareOrdinal(letter.Id, after) > 0)));
                from = page[^1].SequenceNumber + 1;
            }
        }

        return [.. letters.OrderBy(letter => letter.Id, StringComparer.Ordinal).Take(limit)];
    }

    public async Task<DeadLetter?> RetryAsync(string programId, string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(programId);
        if (!DeadLetterMessages.TryParseId(id, out var queue, out var sequenceNumber))
        {
            return null;
        }

        // A dead letter is settled only by the receiver that locked it, and a subqueue is read in order:
        // receive until it turns up, and let every other one go again.
        var passed = new List<ServiceBusReceivedMessage>();
        try
        {
            ServiceBusReceivedMessage? found = null;
            for (var scanned = 0; found is null && scanned < MaxScanned;)
            {
                var batch = await receiver.ReceiveAsync(queue, Math.Min(PageSize, MaxScanned - scanned), cancellationToken);
                if (batch.Count == 0)
                {
                    break;
                }

                scanned += batch.Count;
                foreach (var message in batch)
                {
                    if (found is null && message.SequenceNumber == sequenceNumber)
                    {
                        found = message;
                    }
                    else
                    {
                        passed.Add(message);
                    }
                }
            }

            if (found is null)
            {
                return null;
            }

            var letter = DeadLetterMessages.From(queue, found);
            if (letter.ProgramId != programId || letter.Id != id)
            {
                passed.Add(found);
                return null;
            }

            // Sent before it is removed: a crash between the two leaves the dead letter listed, and its
            // second copy has the same id, which the queue's duplicate detection drops.
            await receiver.SendAsync(queue, DeadLetterMessages.RequeueOf(found), cancellationToken);
            await receiver.CompleteAsync(queue, found, cancellationToken);
            return letter;
        }
        finally
        {
            foreach (var message in passed)
            {
                await receiver.AbandonAsync(queue, message, CancellationToken.None);
            }
        }
    }
}
