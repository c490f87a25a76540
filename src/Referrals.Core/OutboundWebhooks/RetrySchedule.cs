namespace Referrals.Core.OutboundWebhooks;

/// <summary>
/// The waits between a delivery's attempts: after attempt n fails, attempt n + 1 comes
/// <c>Delays[n - 1]</c> later; after the last delay's attempt the delivery has failed.
/// </summary>
public sealed record RetrySchedule(IReadOnlyList<TimeSpan> Delays)
{
    /// <summary>5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: eight attempts over about 28 hours.</summary>
    public static RetrySchedule Default { get; } = new(
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ]);

    /// <summary>Every attempt a delivery gets: the first and one per delay.</summary>
    public int Attempts => Delays.Count + 1;

    /// <summary>The wait before the attempt after <paramref name="attempt"/>, or null when that was the last.</summary>
    public TimeSpan? DelayAfter(int attempt) =>
        attempt >= 1 && attempt <= Delays.Count ? Delays[attempt - 1] : null;
}
