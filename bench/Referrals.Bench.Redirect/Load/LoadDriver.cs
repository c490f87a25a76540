using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Referrals.Bench.Redirect.Load;

/// <summary>
/// Closed-loop load: <c>concurrency</c> workers each send the next request as soon as the previous one
/// is answered, for a fixed duration, over one pooled <see cref="HttpClient"/> with one connection per
/// worker. Only 302 answers count as successes; anything else is an error, by kind. With a target
/// rate, each worker instead sends on a fixed schedule (its share of the rate), and a request's
/// latency counts from when it was due, so a stalled server is not hidden by requests not sent.
/// </summary>
internal static class LoadDriver
{
    // A real browser's User-Agent: the server classifies bots and HTTP tools differently.
    private const string BrowserUserAgent =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    // Requests still in flight this long after the end are cut off, so a stalled target cannot hang the run.
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    public static HttpClient CreateClient(int concurrency)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            UseProxy = false,
        };
        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(BrowserUserAgent);
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en-US"));
        return client;
    }

    public static async Task<LoadResult> RunAsync(
        HttpClient client, Uri url, int concurrency, TimeSpan duration, CancellationToken cancellationToken, double? requestsPerSecond = null)
    {
        using var hardStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        hardStop.CancelAfter(duration + Grace);
        var workers = Enumerable.Range(0, concurrency).Select(_ => new Worker((int)Math.Min(1_000_000, 20_000 * duration.TotalSeconds / concurrency) + 16)).ToArray();

        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var period = requestsPerSecond is > 0 ? (long)(Stopwatch.Frequency * concurrency / requestsPerSecond.Value) : 0;
        await Task.WhenAll(workers.Select((worker, i) =>
            Task.Run(() => worker.RunAsync(client, url, started + (period * i / concurrency), period, end, hardStop.Token), CancellationToken.None)));
        var elapsed = Stopwatch.GetElapsedTime(started);
        cancellationToken.ThrowIfCancellationRequested();

        var latencies = new long[workers.Sum(worker => worker.Latencies.Count)];
        var offset = 0;
        foreach (var worker in workers)
        {
            worker.Latencies.CopyTo(latencies, offset);
            offset += worker.Latencies.Count;
        }

        Array.Sort(latencies);
        var errors = workers
            .SelectMany(worker => worker.Errors)
            .GroupBy(error => error.Key, error => error.Value)
            .ToDictionary(group => group.Key, group => group.Sum());
        return new LoadResult(latencies.Length, elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99), errors);
    }

    /// <summary>Nearest-rank percentile of sorted Stopwatch ticks, in milliseconds.</summary>
    private static double Percentile(long[] sortedTicks, double fraction)
    {
        if (sortedTicks.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(fraction * sortedTicks.Length);
        return sortedTicks[Math.Clamp(rank - 1, 0, sortedTicks.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }

    private sealed class Worker(int expectedRequests)
    {
        public List<long> Latencies { get; } = new(expectedRequests);

        public Dictionary<string, long> Errors { get; } = [];

        public async Task RunAsync(HttpClient client, Uri url, long firstDue, long period, long end, CancellationToken hardStop)
        {
            var due = firstDue;
            while (Stopwatch.GetTimestamp() < end)
            {
                var start = Stopwatch.GetTimestamp();
                if (period > 0)
                {
                    if (due > start)
                    {
                        await Task.Delay(TimeSpan.FromSeconds((double)(due - start) / Stopwatch.Frequency), CancellationToken.None);
                    }

                    start = due;
                    due += period;
                    if (start >= end)
                    {
                        break;
                    }
                }

                string error;
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, url);
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, hardStop);
                    if (response.StatusCode == HttpStatusCode.Found)
                    {
                        Latencies.Add(Stopwatch.GetTimestamp() - start);
                        continue;
                    }

                    error = $"HTTP {(int)response.StatusCode}";
                }
                catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
                {
                    Count("cut off at the end of the run");
                    return;
                }
                catch (TaskCanceledException)
                {
                    error = "client timeout";
                }
                catch (HttpRequestException e)
                {
                    error = e.HttpRequestError.ToString();
                }

                Count(error);
                if (!error.StartsWith("HTTP", StringComparison.Ordinal))
                {
                    // A refused or broken connection fails at once; do not spin on a dead target.
                    await Task.Delay(TimeSpan.FromMilliseconds(10), CancellationToken.None);
                }
            }
        }

        private void Count(string error) => Errors[error] = Errors.GetValueOrDefault(error) + 1;
    }
}
