namespace Referrals.Core.Attribution;

/// <summary>
/// Attribution cannot decide yet because something it depends on is on its way (a payment, a link, a
/// customer's first sale). Not a failure: the event bus delivers the message again a little later, and
/// <see cref="AttributeConversion"/> stops waiting once the conversion is older than its
/// <see cref="AttributionWaits">bound</see>.
/// </summary>
public abstract class AttributionPendingException : Exception
{
    protected AttributionPendingException()
    {
    }

    protected AttributionPendingException(string message)
        : base(message)
    {
    }

    protected AttributionPendingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
