namespace Referrals.Core.Webhooks;

/// <summary>Where verified but unused webhook events are kept, by program, newest first.</summary>
public interface IIgnoredEventStore
{
    /// <summary>Keeps the event; the same event id again replaces its reason and body but keeps its place in the list.</summary>
    Task KeepAsync(IgnoredEvent ignored, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="max"/> events, newest first, after the <paramref name="continuation"/> a previous page ended with.</summary>
    Task<IgnoredEventPage> ListAsync(string programId, string? continuation, int max, CancellationToken cancellationToken);

    /// <summary>The event kept under <paramref name="eventId"/>, or null.</summary>
    Task<IgnoredEvent?> GetAsync(string programId, string eventId, CancellationToken cancellationToken);

    /// <summary>Records that the event was processed again, with what came of it as its new reason.</summary>
    Task MarkRetriedAsync(string programId, string eventId, string outcome, DateTimeOffset at, CancellationToken cancellationToken);
}
