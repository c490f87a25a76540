namespace Referrals.Core.Tracking;

/// <summary>How far a click got within the wait a redirect can afford.</summary>
public enum ClickRecordingOutcome
{
    /// <summary>Durable mode: the click is stored.</summary>
    Stored,

    /// <summary>Fast mode: the click is held in the buffer and stored by the next flush, as always in this mode.</summary>
    Buffered,

    /// <summary>
    /// Durable mode, storage slower than the wait: the click stays in the buffer and is stored once
    /// storage answers again, but the redirect goes on without waiting for it. Lost if the process dies first.
    /// </summary>
    Degraded,

    /// <summary>The buffer stayed full for the whole wait: the click is not recorded at all.</summary>
    Dropped,
}
