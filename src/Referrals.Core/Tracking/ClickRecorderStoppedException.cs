namespace Referrals.Core.Tracking;

/// <summary>The recorder no longer takes clicks because the host is shutting down.</summary>
public sealed class ClickRecorderStoppedException : Exception
{
    public ClickRecorderStoppedException()
        : base("The click recorder is shutting down.")
    {
    }

    public ClickRecorderStoppedException(string message)
        : base(message)
    {
    }

    public ClickRecorderStoppedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
