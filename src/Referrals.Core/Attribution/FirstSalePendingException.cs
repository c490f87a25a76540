namespace Referrals.Core.Attribution;

/// <summary>
/// A renewal (or a sale without click or code) arrived while its customer's first sale still waits for
/// attribution, or before that sale was reported: the customer lock it would get is not decided yet.
/// Thrown so the queue delivers the message again a little later.
/// </summary>
public sealed class FirstSalePendingException : AttributionPendingException
{
    public FirstSalePendingException()
    {
    }

    public FirstSalePendingException(string message)
        : base(message)
    {
    }

    public FirstSalePendingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
