namespace Referrals.Bench.Redirect.Load;

/// <summary>What one timed run against one URL gave: 302s answered, their latencies, and everything else as errors by kind.</summary>
internal sealed record LoadResult(long Successes, TimeSpan Elapsed, double P50Milliseconds, double P99Milliseconds, IReadOnlyDictionary<string, long> Errors)
{
    public double RequestsPerSecond => Elapsed > TimeSpan.Zero ? Successes / Elapsed.TotalSeconds : 0;

    public long ErrorCount => Errors.Values.Sum();
}
