namespace Referrals.Core.Tracking;

/// <summary>The storage batch holding this click failed; the click was not stored and must not be acknowledged.</summary>
public sealed class ClickNotStoredException : Exception
{
    public ClickNotStoredException()
        : base("The click was not stored.")
    {
    }

    public ClickNotStoredException(string message)
        : base(message)
    {
    }

    public ClickNotStoredException(Exception innerException)
        : base("The click's storage batch failed.", innerException)
    {
    }

    public ClickNotStoredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
