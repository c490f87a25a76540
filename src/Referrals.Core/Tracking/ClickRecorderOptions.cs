namespace Referrals.Core.Tracking;

/// <summary>Tuning of the click group commit and of its outbox sweeper.</summary>
public sealed class ClickRecorderOptions
{
    /// <summary>
    /// How long the first click of a flush waits for others to join it while other flushes are being
    /// written. When nothing is being written, a flush is written at once.
    /// </summary>
    public TimeSpan FlushWindow { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// The most clicks one flush takes (at most <see cref="ClickRecorder.MaxFlushSizeLimit"/>, so that its event fits
    /// in one queue message); more go to the next flush.
    /// </summary>
    public int MaxFlushSize { get; set; } = 500;

    /// <summary>How many flushes may be writing at once.</summary>
    public int MaxConcurrentFlushes { get; set; } = 4;

    /// <summary>
    /// The most clicks handed over but not yet stored (or failed). When it is reached, a redirect waits
    /// for room, in fast mode too: memory stays bounded and fast clicks keep reaching storage promptly.
    /// </summary>
    public int MaxBufferedClicks { get; set; } = 4_000;

    /// <summary>
    /// The longest a redirect waits for its click (see <see cref="ClickRecorder.RecordWithinAsync"/>): past it the
    /// visitor is sent on anyway, the click staying in the buffer until storage answers again (durable
    /// mode), or not recorded at all when the buffer stayed full.
    /// </summary>
    public TimeSpan RedirectWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The first pause before a flush entry that storage did not take (timed out, unavailable) is written again; it doubles up to 5 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long stored flushes gather before their <c>clicks-recorded</c> message is sent: one message
    /// (a storage transaction) per interval instead of one per flush, for stats that are at most this
    /// much later. Zero sends whenever no message is being sent.
    /// </summary>
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A stored flush still not projected this long after its newest click is published again by the sweeper.</summary>
    public TimeSpan RepublishAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the sweeper looks for unprojected flushes.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How far back the sweeper looks (whole UTC hours of flushes are scanned).</summary>
    public TimeSpan SweepLookback { get; set; } = TimeSpan.FromHours(2);
}
