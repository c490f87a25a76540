using Referrals.Core.Events;

namespace Referrals.Core.Tracking;

/// <summary>
/// The message on <c>clicks-recorded</c>: one or more stored flushes. The click recorder sends the
/// flushes stored within its publish interval together, so a busy recorder sends far fewer messages than
/// flushes (each message is a storage transaction, and on a single emulator a costly one). Every flush
/// keeps its own id, so the projection counts each flush once however flushes were grouped: a flush may
/// arrive again alone, or in another batch, from the outbox sweeper.
/// </summary>
/// <param name="EventId">The flush's id for a batch of one; for more, an id derived from all their ids, so the same batch sent twice has the same id.</param>
/// <param name="Flushes">The flushes, each with its tallies and entries.</param>
public sealed record ClicksRecordedBatch(string EventId, IReadOnlyList<ClicksRecorded> Flushes) : IEvent
{
    /// <summary>The most flushes one message carries.</summary>
    public const int MaxFlushes = 64;

    /// <summary>
    /// The most serialized bytes (estimated) of the flushes one message carries: half of a Storage
    /// queue message, leaving room for the envelope and for estimates that fall short.
    /// </summary>
    public const int MaxEstimatedBytes = 32 * 1024;

    // A flush holds clicks of any number of programs.
    string? IEvent.ProgramId => null;

    /// <summary>One message for <paramref name="flushes"/> (at least one).</summary>
    public static ClicksRecordedBatch Of(IReadOnlyList<ClicksRecorded> flushes)
    {
        ArgumentNullException.ThrowIfNull(flushes);
        ArgumentOutOfRangeException.ThrowIfZero(flushes.Count);
        if (flushes.Count == 1)
        {
            return new(flushes[0].EventId, flushes);
        }

        return new(Identifiers.Stable("flushes", [.. flushes.Select(flush => flush.EventId)]), flushes);
    }

    /// <summary>
    /// Groups <paramref name="flushes"/>, in order, into as few messages as fit within <see cref="MaxFlushes"/>
    /// and <see cref="MaxEstimatedBytes"/>; a flush larger than that on its own goes alone.
    /// </summary>
    public static IEnumerable<ClicksRecordedBatch> Split(IReadOnlyList<ClicksRecorded> flushes)
    {
        ArgumentNullException.ThrowIfNull(flushes);
        var batch = new List<ClicksRecorded>();
        var bytes = 0;
        foreach (var flush in flushes)
        {
            var size = flush.EstimatedBytes();
            if (batch.Count > 0 && (batch.Count == MaxFlushes || bytes + size > MaxEstimatedBytes))
            {
                yield return Of(batch);
                batch = [];
                bytes = 0;
            }

            batch.Add(flush);
            bytes += size;
        }

        if (batch.Count > 0)
        {
            yield return Of(batch);
        }
    }
}
