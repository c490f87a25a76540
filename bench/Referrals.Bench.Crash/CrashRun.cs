using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Referrals.Azurite;
using Referrals.Bench.Redirect.Hosting;

namespace Referrals.Bench.Crash;

/// <summary>
/// Sends clicks (durable and fast links) and conversions at the real server, kills it with SIGKILL in the
/// middle, restarts it over the same storage and keeps going; then looks up every acknowledged click and
/// conversion. Loopback only, bounded in time and in count.
/// </summary>
internal sealed class CrashRun(TimeSpan duration)
{
    private const string AdminApiKey = "crash-admin-key-0123456789abcdef";
    private const int ClickWorkers = 16;
    private const int ConversionWorkers = 8;
    private const int MaxPerKind = 60_000;
    private static readonly string[] AllowedHosts = ["shop.example.com"];

    private readonly ConcurrentBag<string> _durableClicks = [];
    private readonly ConcurrentBag<string> _fastClicks = [];
    private readonly ConcurrentBag<string> _conversions = [];
    private readonly ConcurrentDictionary<string, int> _failures = new();
    private volatile Uri? _server;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var repository = Repository.Find();
        var serverDll = await repository.EnsureServerBuiltAsync(rebuild: false, cancellationToken);
        var prefix = "c" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 9);

        Console.WriteLine("Starting Azurite (in memory; it outlives the server)...");
        await using var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions { DataDirectory = null, RepositoryRoot = repository.Root }, cancellationToken);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Storage"] = azurite.ConnectionString,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Warning",
            ["Referrals__AdminApiKey"] = AdminApiKey,
            ["Referrals__IpHashSalt"] = "crash-salt-0123456789abcdef",
            ["Referrals__SecretsKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Referrals__DecisionLinkSecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Referrals__Storage__Prefix"] = prefix,
            ["Referrals__RunWorkers"] = "true",
            ["Referrals__Payouts__RunScheduler"] = "false",
            ["Referrals__RateLimits__Enabled"] = "false",
        };

        var server = await StartServerAsync(serverDll, environment, cancellationToken);
        try
        {
            using var admin = CreateClient(AdminApiKey);
            _server = server.BaseAddress;
            var (durableProgram, durableCode) = await CreateLinkAsync(admin, "durable", cancellationToken);
            var (_, fastCode) = await CreateLinkAsync(admin, "fast", cancellationToken);
            Console.WriteLine($"Load: {ClickWorkers} workers on a durable link, {ClickWorkers} on a fast link, {ConversionWorkers} posting conversions, for {duration.TotalSeconds:0} s; SIGKILL at {duration.TotalSeconds * 0.4:0} s, then restart.");

            using var load = new CancellationTokenSource();
            using var visitor = CreateClient(apiKey: null);
            var workers = new List<Task>();
            workers.AddRange(Enumerable.Range(0, ClickWorkers).Select(_ => ClickLoopAsync(visitor, durableCode, _durableClicks, "durable click", load.Token)));
            workers.AddRange(Enumerable.Range(0, ClickWorkers).Select(_ => ClickLoopAsync(visitor, fastCode, _fastClicks, "fast click", load.Token)));
            workers.AddRange(Enumerable.Range(0, ConversionWorkers).Select(worker => ConversionLoopAsync(admin, durableProgram, worker, load.Token)));

            var clock = Stopwatch.StartNew();
            await Task.Delay(duration * 0.4, cancellationToken);
            var before = (_durableClicks.Count, _fastClicks.Count, _conversions.Count);
            server.Process.Kill(); // SIGKILL on Linux: no shutdown, no flush, no drain.
            await server.Process.WaitForExitAsync(cancellationToken);
            Console.WriteLine($"Killed the server at {clock.Elapsed.TotalSeconds:0.0} s (acknowledged so far: {before.Item1:N0} durable clicks, {before.Item2:N0} fast clicks, {before.Item3:N0} conversions); restarting...");
            await server.DisposeAsync();
            server = await StartServerAsync(serverDll, environment, cancellationToken);
            _server = server.BaseAddress;
            Console.WriteLine($"Restarted at {clock.Elapsed.TotalSeconds:0.0} s on {server.BaseAddress}.");
            var remaining = duration - clock.Elapsed;
            await Task.Delay(remaining > duration * 0.4 ? remaining : duration * 0.4, cancellationToken);
            await load.CancelAsync();
            await Task.WhenAll(workers);
            Console.WriteLine($"Load stopped at {clock.Elapsed.TotalSeconds:0.0} s. Failed requests (not acknowledged, so not counted): " +
                (_failures.IsEmpty ? "none" : string.Join(", ", _failures.OrderBy(entry => entry.Key, StringComparer.Ordinal).Select(entry => $"{entry.Key} {entry.Value:N0}"))));

            // The live server's fast clicks are written right after their 302; give them a moment.
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
            Console.WriteLine("Looking up every acknowledged click and conversion...");
            var durable = await CountStoredAsync(admin, _durableClicks, id => $"/api/v1/clicks/{id}", cancellationToken);
            var fast = await CountStoredAsync(admin, _fastClicks, id => $"/api/v1/clicks/{id}", cancellationToken);
            var conversions = await CountStoredAsync(admin, _conversions, id => $"/api/v1/programs/{durableProgram}/conversions/{id}", cancellationToken);

            Console.WriteLine();
            Console.WriteLine("kind            | acknowledged |     stored |       lost | target");
            Console.WriteLine("----------------+--------------+------------+------------+-------");
            Print("durable clicks", _durableClicks.Count, durable, "0 lost");
            Print("fast clicks", _fastClicks.Count, fast, "reported");
            Print("conversions", _conversions.Count, conversions, "0 lost");
            Console.WriteLine();
            Console.WriteLine(durable == _durableClicks.Count && conversions == _conversions.Count
                ? "PASS: every durable 302 and every 2xx conversion survived the SIGKILL."
                : "MISS: an acknowledged durable click or conversion is missing from storage.");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static void Print(string kind, int acknowledged, int stored, string target) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind,-15} | {acknowledged,12:N0} | {stored,10:N0} | {acknowledged - stored,10:N0} | {target}"));

    private static Task<WebAppProcess> StartServerAsync(string dll, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken) =>
        WebAppProcess.StartAsync("server", dll, [], environment, "/health/ready", TimeSpan.FromSeconds(60), cancellationToken);

    private static HttpClient CreateClient(string? apiKey)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36");
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    private Uri At(string path) => new(_server!, path);

    private async Task ClickLoopAsync(HttpClient visitor, string code, ConcurrentBag<string> acknowledged, string kind, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && acknowledged.Count < MaxPerKind)
        {
            try
            {
                using var response = await visitor.GetAsync(At($"/r/{code}"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.Found && response.Headers.Location is { } location
                    && System.Web.HttpUtility.ParseQueryString(location.Query)["ref_click"] is { Length: > 0 } clickId)
                {
                    acknowledged.Add(clickId);
                }
                else
                {
                    Fail($"{kind} {(int)response.StatusCode}");
                }
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                Fail($"{kind} broken");
                await Task.Delay(20, CancellationToken.None);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task ConversionLoopAsync(HttpClient admin, string programId, int worker, CancellationToken cancellationToken)
    {
        for (var sequence = 0; !cancellationToken.IsCancellationRequested && _conversions.Count < MaxPerKind; sequence++)
        {
            try
            {
                var body = new { EventId = $"evt_{worker}_{sequence}", Type = "sale", Amount = 10_000, Currency = "EUR", CustomerId = $"cus_{worker}_{sequence}" };
                using var response = await admin.PostAsync(At($"/api/v1/programs/{programId}/conversions"), JsonContent.Create(body), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                    _conversions.Add(json.RootElement.GetProperty("conversionId").GetString()!);
                }
                else
                {
                    Fail($"conversion {(int)response.StatusCode}");
                }
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                Fail("conversion broken");
                await Task.Delay(20, CancellationToken.None);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private void Fail(string what) => _failures.AddOrUpdate(what, 1, (_, count) => count + 1);

    private async Task<int> CountStoredAsync(HttpClient admin, IEnumerable<string> ids, Func<string, string> path, CancellationToken cancellationToken)
    {
        var stored = 0;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (id, token) =>
        {
            for (var attempt = 0; ; attempt++)
            {
                using var response = await admin.GetAsync(At(path(id)), token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref stored);
                    return;
                }

                if (response.StatusCode == HttpStatusCode.NotFound || attempt == 3)
                {
                    return;
                }

                await Task.Delay(200, token);
            }
        });
        return stored;
    }

    private async Task<(string ProgramId, string Code)> CreateLinkAsync(HttpClient admin, string trackingMode, CancellationToken cancellationToken)
    {
        var programId = await PostAsync(admin, "/api/v1/programs", new
        {
            Name = "Crash " + trackingMode,
            Currency = "EUR",
            AllowedHosts,
            CookieDays = 30,
            Plan = new { Kind = "percent", Percent = 20 },
            TrackingMode = trackingMode,
        }, "id", cancellationToken);
        var partnerId = await PostAsync(admin, $"/api/v1/programs/{programId}/partners", new { Name = "P", Email = "p@example.com", Type = "affiliate" }, "id", cancellationToken);
        var code = await PostAsync(admin, $"/api/v1/programs/{programId}/links", new { PartnerId = partnerId, Destination = "https://shop.example.com/landing" }, "code", cancellationToken);
        return (programId, code);
    }

    private async Task<string> PostAsync(HttpClient admin, string path, object body, string property, CancellationToken cancellationToken)
    {
        using var response = await admin.PostAsync(At(path), JsonContent.Create(body), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}, expected 201: {text}");
        }

        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty(property).GetString()!;
    }
}
