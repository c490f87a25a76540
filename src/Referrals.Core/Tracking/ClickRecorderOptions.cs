namespace Referrals.Core.Tracking;

/// <summary>Tuning of the click group commit.</summary>
public sealed class ClickRecorderOptions
{
    /// <summary>How long the first click of a flush waits for others to join it.</summary>
    public TimeSpan FlushWindow { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>The most clicks one flush takes; more wait for the next flush.</summary>
    public int MaxFlushSize { get; set; } = 500;

    /// <summary>How many flushes may be writing at once.</summary>
    public int MaxConcurrentFlushes { get; set; } = 4;
}
