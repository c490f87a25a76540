namespace Referrals.ServiceBus;

/// <summary>
/// What becomes of a received message once its event was handed over (or could not be): decided by
/// <see cref="EventDelivery"/> with <see cref="RedeliveryPolicy"/>, carried out by <see cref="EventSettlement"/>.
/// </summary>
public abstract record DeliveryOutcome
{
    private DeliveryOutcome()
    {
    }

    /// <summary>The handler took the event: the message is completed.</summary>
    public sealed record Complete : DeliveryOutcome;

    /// <summary>
    /// The handler failed with <paramref name="Failure"/>: a copy of the message goes back on its queue
    /// <paramref name="Delay"/> from now as attempt <paramref name="NextAttempt"/>, and the message is completed.
    /// </summary>
    public sealed record RetryLater(TimeSpan Delay, int NextAttempt, Exception Failure) : DeliveryOutcome;

    /// <summary>
    /// Not worth another attempt: the message moves to the dead-letter queue with <paramref name="Reason"/>
    /// (one of <see cref="RedeliveryPolicy"/>'s) and <paramref name="Description"/> (the error, never the body).
    /// </summary>
    public sealed record DeadLetter(string Reason, string Description, Exception Failure) : DeliveryOutcome;
}
