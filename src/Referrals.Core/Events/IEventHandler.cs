namespace Referrals.Core.Events;

/// <summary>Handles one event; must be safe to run again for the same event.</summary>
public interface IEventHandler<in TEvent>
{
    Task HandleAsync(TEvent @event, CancellationToken cancellationToken);
}
