namespace Referrals.Core.Events;

/// <summary>Sends an event to its topic; it is delivered at least once, so every handler is idempotent.</summary>
public interface IEventPublisher
{
    Task PublishAsync<TEvent>(string topic, TEvent @event, CancellationToken cancellationToken);
}
