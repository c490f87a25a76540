namespace Referrals.Core.Events;

/// <summary>
/// An event with a stable identity: publishing the same fact again gives the same <see cref="EventId"/>,
/// so a bus that detects duplicates by message id (Service Bus) drops the replay before any handler runs.
/// </summary>
public interface IEvent
{
    /// <summary>The id of the fact, not of one delivery of it.</summary>
    string EventId { get; }

    /// <summary>The program the event belongs to, when it belongs to exactly one.</summary>
    string? ProgramId { get; }
}
