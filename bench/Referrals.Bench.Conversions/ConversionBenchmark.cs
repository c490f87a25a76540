using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Referrals.Azurite;
using Referrals.Bench.Redirect.Hosting;

namespace Referrals.Bench.Conversions;

/// <summary>
/// Offers conversions at a steady rate (open loop) to the real server over Azurite and, on the same
/// schedule, to a bare endpoint answering 202; measures acknowledgements per second and their latency
/// for both, and for the server the attribution lag: from the client receiving the 202 to the
/// commission's <c>createdAt</c> (stamped by the attribution worker as it writes the commission), read
/// back through the API. Loopback only; several runs, each on a fresh program.
/// </summary>
internal sealed class ConversionBenchmark(ConversionBenchOptions options)
{
    private const string AdminApiKey = "bench-admin-key-0123456789abcdef";
    private static readonly TimeSpan LagDeadline = TimeSpan.FromSeconds(90);
    private static readonly string[] AllowedHosts = ["shop.example.com"];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var repository = Repository.Find();
        var serverDll = await repository.EnsureServerBuiltAsync(options.RebuildServer, cancellationToken);
        var prefix = "v" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 9);
        Console.WriteLine("Starting Azurite (in memory)...");
        await using var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions { DataDirectory = null, RepositoryRoot = repository.Root }, cancellationToken);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Storage"] = azurite.ConnectionString,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Warning",
            ["Referrals__AdminApiKey"] = AdminApiKey,
            ["Referrals__IpHashSalt"] = "bench-salt-0123456789abcdef",
            ["Referrals__SecretsKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Referrals__DecisionLinkSecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Referrals__Storage__Prefix"] = prefix,
            ["Referrals__RunWorkers"] = "true",
            ["Referrals__Payouts__RunScheduler"] = "false",
            ["Referrals__RateLimits__Enabled"] = "false",
        };

        await using var server = await WebAppProcess.StartAsync("server", serverDll, [], environment, "/health/ready", TimeSpan.FromSeconds(60), cancellationToken);
        var self = Assembly.GetEntryAssembly()!.Location;
        await using var bare = await WebAppProcess.StartAsync("bare", self, ["serve"], new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" }, "/health/ready", TimeSpan.FromSeconds(30), cancellationToken);
        using var admin = CreateClient(server.BaseAddress, AdminApiKey);
        using var bareClient = CreateClient(bare.BaseAddress, AdminApiKey);
        Console.WriteLine($"Offered rate {options.Rate}/s for {options.Seconds} s per setup, {options.Runs} run(s); server {server.BaseAddress}, bare {bare.BaseAddress}.");

        var results = new List<RunResult>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var (programId, partnerId, code) = await CreateProgramAsync(admin, run, cancellationToken);
            await WarmUpAsync(admin, bareClient, programId, code, run, cancellationToken);
            var baseline = await OfferAsync(bareClient, "prg_bare", code, $"bare{run}", cancellationToken);
            var measured = await OfferAsync(admin, programId, code, $"run{run}", cancellationToken);
            var lags = await CollectLagsAsync(admin, programId, partnerId, measured.Acknowledged, cancellationToken);
            var result = new RunResult(baseline, measured, lags);
            results.Add(result);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}: server {measured.PerSecond:0.0} acks/s (ack p50 {measured.P50:0.0} ms, p95 {measured.P95:0.0} ms, errors {measured.Errors}), " +
                $"bare {baseline.PerSecond:0.0}/s (p50 {baseline.P50:0.0} ms, p95 {baseline.P95:0.0} ms); ratio {result.Ratio:0.000}; " +
                $"attribution lag p50 {result.LagP50:0} ms, p95 {result.LagP95:0} ms; commissions {lags.Lags.Count}/{measured.Acknowledged.Count} at {lags.CommissionsPerSecond:0.0}/s"));
        }

        Print(results);
    }

    private void Print(List<RunResult> results)
    {
        Console.WriteLine();
        Console.WriteLine($"Over {results.Count} run(s) at {options.Rate}/s offered, {options.Seconds} s each:");
        Console.WriteLine("figure                                    |      min |   median |      max");
        Console.WriteLine("------------------------------------------+----------+----------+---------");
        Row("acks/s, server", results.Select(r => r.Server.PerSecond));
        Row("acks/s, bare 202", results.Select(r => r.Bare.PerSecond));
        Row("acks/s ratio, server / bare", results.Select(r => r.Ratio), "0.000");
        Row("ack latency p50, server (ms)", results.Select(r => r.Server.P50));
        Row("ack latency p95, server (ms)", results.Select(r => r.Server.P95));
        Row("ack latency p50, bare (ms)", results.Select(r => r.Bare.P50));
        Row("ack latency p95, bare (ms)", results.Select(r => r.Bare.P95));
        Row("ack p95 ratio, server / bare", results.Select(r => r.Server.P95 / Math.Max(r.Bare.P95, 0.1)), "0.0");
        Row("attribution lag p50 (ms)", results.Select(r => r.LagP50), "0");
        Row("attribution lag p95 (ms)", results.Select(r => r.LagP95), "0");
        Row("commissions written per second", results.Select(r => r.Attribution.CommissionsPerSecond));
        Row("commissions stored / acknowledged", results.Select(r => r.Server.Acknowledged.Count == 0 ? 0 : r.Lags.Count / (double)r.Server.Acknowledged.Count), "0.000");
        Console.WriteLine();
        Console.WriteLine("Ratios are within one run (same machine, same moment); absolute rates say more about the machine than the code.");
    }

    private static void Row(string name, IEnumerable<double> values, string format = "0.0")
    {
        var sorted = values.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-41} | {sorted[0].ToString(format, CultureInfo.InvariantCulture),8} | {median.ToString(format, CultureInfo.InvariantCulture),8} | {sorted[^1].ToString(format, CultureInfo.InvariantCulture),8}"));
    }

    private static HttpClient CreateClient(Uri baseAddress, string apiKey)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(15) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    /// <summary>A few conversions to each, not counted, so connections, JIT and caches are warm.</summary>
    private static async Task WarmUpAsync(HttpClient admin, HttpClient bare, string programId, string code, int run, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 20; i++)
        {
            using var toServer = await admin.PostAsync($"/api/v1/programs/{programId}/conversions", Body($"warm{run}", i, code), cancellationToken);
            using var toBare = await bare.PostAsync("/api/v1/programs/prg_bare/conversions", Body($"warm{run}", i, code), cancellationToken);
        }
    }

    private static JsonContent Body(string tag, int sequence, string code) =>
        JsonContent.Create(new { eventId = $"evt_{tag}_{sequence}", type = "sale", amount = 10_000, currency = "EUR", customerId = $"cus_{tag}_{sequence}", code });

    /// <summary>Sends rate × seconds conversions, each at its due time whatever the answers before it (open loop); latency counts from the due time.</summary>
    private async Task<OfferResult> OfferAsync(HttpClient client, string programId, string code, string tag, CancellationToken cancellationToken)
    {
        var total = options.Rate * options.Seconds;
        var acknowledged = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        long lastAnswer = 0;
        var start = Stopwatch.GetTimestamp();
        var sends = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / options.Rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);
            }

            var sequence = i;
            sends.Add(Task.Run(
                async () =>
                {
                    try
                    {
                        using var response = await client.PostAsync($"/api/v1/programs/{programId}/conversions", Body(tag, sequence, code), cancellationToken);
                        var answeredAt = DateTimeOffset.UtcNow;
                        var now = Stopwatch.GetTimestamp();
                        InterlockedMax(ref lastAnswer, now);
                        if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
                        {
                            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                            acknowledged[json.RootElement.GetProperty("conversionId").GetString()!] = answeredAt;
                            latencies.Add(Stopwatch.GetElapsedTime(due, now).TotalMilliseconds);
                        }
                        else
                        {
                            Interlocked.Increment(ref errors);
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref errors);
                    }
                },
                cancellationToken));
        }

        await Task.WhenAll(sends);
        var seconds = Stopwatch.GetElapsedTime(start, Math.Max(lastAnswer, start + 1)).TotalSeconds;
        var sorted = latencies.Order().ToArray();
        return new OfferResult(acknowledged, acknowledged.Count / seconds, Percentile(sorted, 0.50), Percentile(sorted, 0.95), errors);
    }

    /// <summary>Reads the program's commissions until every acknowledged conversion has one (or the deadline), and returns each one's lag in ms.</summary>
    private static async Task<LagResult> CollectLagsAsync(
        HttpClient admin, string programId, string partnerId, IReadOnlyDictionary<string, DateTimeOffset> acknowledged, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(LagDeadline.TotalSeconds * Stopwatch.Frequency);
        var lags = new Dictionary<string, double>(StringComparer.Ordinal);
        var created = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (lags.Count < acknowledged.Count && Stopwatch.GetTimestamp() < deadline)
        {
            string? next = $"/api/v1/programs/{programId}/commissions?partnerId={partnerId}&limit=100";
            while (next is not null)
            {
                using var response = await admin.GetAsync(next, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    // A loaded machine's storage may time out (503): read again on the next round.
                    break;
                }

                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                foreach (var commission in json.RootElement.EnumerateArray())
                {
                    var conversionId = commission.GetProperty("conversionId").GetString()!;
                    if (acknowledged.TryGetValue(conversionId, out var answeredAt))
                    {
                        var createdAt = commission.GetProperty("createdAt").GetDateTimeOffset();
                        lags[conversionId] = (createdAt - answeredAt).TotalMilliseconds;
                        created[conversionId] = createdAt;
                    }
                }

                next = NextPage(response);
            }

            if (lags.Count < acknowledged.Count)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }

        // Commissions written per second: from the first acknowledgement to the last commission written.
        var perSecond = created.Count < 2 ? 0 : created.Count / Math.Max(0.001, (created.Values.Max() - acknowledged.Values.Min()).TotalSeconds);
        return new LagResult([.. lags.Values], perSecond);
    }

    private static string? NextPage(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var links))
        {
            return null;
        }

        var link = links.FirstOrDefault(value => value.Contains("rel=\"next\"", StringComparison.Ordinal));
        if (link is null)
        {
            return null;
        }

        var target = new Uri(link[(link.IndexOf('<', StringComparison.Ordinal) + 1)..link.IndexOf('>', StringComparison.Ordinal)], UriKind.RelativeOrAbsolute);
        return target.IsAbsoluteUri ? target.PathAndQuery : target.OriginalString;
    }

    private static async Task<(string ProgramId, string PartnerId, string Code)> CreateProgramAsync(HttpClient admin, int run, CancellationToken cancellationToken)
    {
        var programId = await PostAsync(admin, "/api/v1/programs", new
        {
            name = $"Conversions bench {run}",
            currency = "EUR",
            allowedHosts = AllowedHosts,
            cookieDays = 30,
            plan = new { kind = "percent", percent = 20 },
        }, "id", cancellationToken);
        var partnerId = await PostAsync(admin, $"/api/v1/programs/{programId}/partners", new { name = "Bench partner", email = "bench@example.com", type = "affiliate" }, "id", cancellationToken);
        var code = $"BENCH{run}{RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ", 6)}";
        await PostAsync(admin, $"/api/v1/programs/{programId}/codes", new { partnerId, code }, null, cancellationToken);
        return (programId, partnerId, code);
    }

    private static async Task<string> PostAsync(HttpClient admin, string path, object body, string? property, CancellationToken cancellationToken)
    {
        using var response = await admin.PostAsJsonAsync(path, body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}, expected 201: {text}");
        }

        if (property is null)
        {
            return string.Empty;
        }

        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty(property).GetString()!;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private sealed record OfferResult(IReadOnlyDictionary<string, DateTimeOffset> Acknowledged, double PerSecond, double P50, double P95, int Errors);

    private sealed record LagResult(List<double> Lags, double CommissionsPerSecond);

    private sealed record RunResult(OfferResult Bare, OfferResult Server, LagResult Attribution)
    {
        public List<double> Lags => Attribution.Lags;

        public double Ratio => Server.PerSecond / Bare.PerSecond;

        public double LagP50 => Percentile([.. Lags.Order()], 0.50);

        public double LagP95 => Percentile([.. Lags.Order()], 0.95);
    }
}
