using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Referrals.Azurite;
using Referrals.Bench.Redirect.Hosting;
using Referrals.Bench.Redirect.Load;
using Referrals.Bench.Redirect.Reporting;

namespace Referrals.Bench.Redirect;

/// <summary>
/// One run: Azurite in memory, then each setup in its own process, measured one after another with the
/// same load, and the ratios the redirect is held to. Ratios within one run on one machine are what
/// mean something here; absolute figures depend on the machine.
/// </summary>
internal sealed class RedirectBenchmark(BenchOptions options)
{
    private const string Durable = "durable";
    private const string DurableHalf = "durable at half its peak";
    private const string Fast = "fast";
    private const string OneInsert = "one insert per request";
    private const string Bare = "bare";
    private const string BareHalf = "bare on the same schedule";
    private const string AdminApiKey = "bench-admin-key-0123456789";
    private const double DurableOverInsertTarget = 4.0;
    private const double FastOverBareTarget = 0.60;
    private const double DurableOverBareTarget = 0.50;
    private const double WritesPerClickTarget = 0.05;
    private const double HalfPeakP99Target = 25;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan FastSettleLimit = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, LoadResult> _results = [];
    private readonly Dictionary<string, TimeSpan> _startTimes = [];
    private readonly List<string> _notes = [];
    private readonly List<string> _cpu = [];
    private readonly AzuriteStalls _stalls = new();
    private readonly Dictionary<string, (long From, long To)> _windows = [];
    private Process? _azuriteNode;
    private double _writesPerClick = double.NaN;
    private int _halfPeakConnections;
    private string? _halfPeakStalls;
    private bool _storageElsewhere;
    private double _halfPeakRate;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var repository = Repository.Find();
        var serverDll = await repository.EnsureServerBuiltAsync(options.RebuildServer, cancellationToken);
        var benchDll = typeof(RedirectBenchmark).Assembly.Location;
        var prefix = "b" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 9);

        Console.WriteLine($"GET /r/{{code}}: {ConcurrencyLevels}, {options.Warmup.TotalSeconds:0} s warm-up + {options.Duration.TotalSeconds:0} s measured per setup, one setup at a time.");
        if (Environment.GetEnvironmentVariable(ExternalStorage.Variable) is { Length: > 0 } external)
        {
            if (options.StorageCore)
            {
                throw new InvalidOperationException($"--storage-core gives the local emulator a core; with {ExternalStorage.Variable} set, storage is elsewhere already.");
            }

            Console.WriteLine($"Storage: the account in {ExternalStorage.Variable} (tables and queues named {prefix}*, deleted after the run).");
            _storageElsewhere = true;
            try
            {
                await MeasureAllAsync(external, prefix, serverDll, benchDll, cancellationToken);
            }
            finally
            {
                await ExternalStorage.DeleteRunAsync(external, prefix, CancellationToken.None);
            }

            return;
        }

        if (options.StorageCore)
        {
            // Before anything is started, so the apps inherit the other cores.
            await CoreAffinity.KeepOffStorageCoreAsync(cancellationToken);
        }

        Console.WriteLine("Starting Azurite (in memory)...");
        var azuriteOptions = new AzuriteOptions { DataDirectory = null, RepositoryRoot = repository.Root };
        foreach (var (name, value) in _stalls.Environment)
        {
            azuriteOptions.Environment[name] = value;
        }

        await using var azurite = await AzuriteProcess.StartAsync(azuriteOptions, cancellationToken);
        _azuriteNode = CpuMeter.AzuriteNode(azurite.ProcessId);
        if (options.StorageCore && _azuriteNode is not null)
        {
            await CoreAffinity.PinToStorageCoreAsync(_azuriteNode.Id, cancellationToken);
            _notes.Add($"--storage-core: Azurite ran on core {CoreAffinity.StorageCore}, the load driver and the apps on cores 0-{CoreAffinity.StorageCore - 1}");
        }

        try
        {
            await MeasureAllAsync(azurite.ConnectionString, prefix, serverDll, benchDll, cancellationToken);
        }
        finally
        {
            _stalls.Delete();
        }
    }

    /// <summary>Every setup, one after another, against one storage account, then the report.</summary>
    private async Task MeasureAllAsync(string connectionString, string prefix, string serverDll, string benchDll, CancellationToken cancellationToken)
    {
        var hostEnvironment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Storage"] = connectionString,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Warning",
        };

        // The baseline the durable mode is compared with goes first, on fresh storage: if anything, that flatters the baseline.
        await using (var insert = await StartAsync(OneInsert, benchDll, ["serve", "insert", "--table", prefix + "BaselineClicks"], hostEnvironment, "/health", cancellationToken))
        {
            await MeasureAsync(OneInsert, insert, new Uri(insert.BaseAddress, "/r/bench"), cancellationToken);
        }

        var serverEnvironment = new Dictionary<string, string>(hostEnvironment)
        {
            ["Referrals__AdminApiKey"] = AdminApiKey,
            ["Referrals__IpHashSalt"] = "bench-salt-0123456789abcdef",
            ["Referrals__SecretsKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Referrals__Storage__Prefix"] = prefix,
            ["Referrals__DecisionLinkSecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Referrals__RunWorkers"] = "false",
            ["Referrals__RateLimits__Enabled"] = "false",
            ["Referrals__Payouts__RunScheduler"] = "false",
        };
        await using (var server = await StartAsync("server", serverDll, [], serverEnvironment, "/health/ready", cancellationToken))
        {
            using var api = new ManagementApi(server.BaseAddress, AdminApiKey);
            var durableCode = await api.CreateLinkAsync("durable", cancellationToken);
            var fastCode = await api.CreateLinkAsync("fast", cancellationToken);
            var clicks = new StoredClicks(connectionString, prefix);

            var durableUrl = new Uri(server.BaseAddress, "/r/" + durableCode);
            var durableAnswered = await MeasureAsync(Durable, server, durableUrl, cancellationToken);
            if (Saturating)
            {
                durableAnswered += await MeasureAsync(AtSaturation(Durable), server, durableUrl, cancellationToken, concurrency: options.Saturation);
            }

            await CheckDurableAsync(clicks, durableCode, durableAnswered, cancellationToken);

            // p99 with headroom: an open-loop schedule at half the peak rate durable mode just reached.
            _halfPeakRate = Peak(Durable).RequestsPerSecond / 2;
            _halfPeakConnections = OpenLoopConnections(_halfPeakRate);
            await MeasureAsync(DurableHalf, server, durableUrl, cancellationToken, _halfPeakRate, _halfPeakConnections);
            _halfPeakStalls = _storageElsewhere ? null : await _stalls.DescribeAsync(_windows[DurableHalf].From, _windows[DurableHalf].To, cancellationToken);

            var fastUrl = new Uri(server.BaseAddress, "/r/" + fastCode);
            var fastAnswered = await MeasureAsync(Fast, server, fastUrl, cancellationToken);
            if (Saturating)
            {
                fastAnswered += await MeasureAsync(AtSaturation(Fast), server, fastUrl, cancellationToken, concurrency: options.Saturation);
            }

            await CheckFastAsync(clicks, fastCode, fastAnswered, cancellationToken);

            if (server.LineCount > 0)
            {
                _notes.Add($"the server wrote {server.LineCount:N0} log lines at Warning or above; the last ones:");
                _notes.AddRange(server.Tail.TakeLast(8).Select(line => "    " + line));
            }
        }

        await using (var bare = await StartAsync(Bare, benchDll, ["serve", "bare"], hostEnvironment, "/health", cancellationToken))
        {
            await MeasureAsync(Bare, bare, new Uri(bare.BaseAddress, "/r/bench"), cancellationToken);
            if (Saturating)
            {
                await MeasureAsync(AtSaturation(Bare), bare, new Uri(bare.BaseAddress, "/r/bench"), cancellationToken, concurrency: options.Saturation);
            }

            // The same open-loop schedule against a host with no I/O: the p99 the load driver and the machine
            // themselves add, so the durable half-peak p99 can be read against it.
            await MeasureAsync(BareHalf, bare, new Uri(bare.BaseAddress, "/r/bench"), cancellationToken, _halfPeakRate, _halfPeakConnections);
        }

        Report();
    }

    private async Task<WebAppProcess> StartAsync(
        string name, string dll, string[] arguments, IReadOnlyDictionary<string, string> environment, string readyPath, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var app = await WebAppProcess.StartAsync(name, dll, arguments, environment, readyPath, ReadyTimeout, cancellationToken);
        _startTimes[name] = Stopwatch.GetElapsedTime(started);
        return app;
    }

    /// <summary>Probes, warms up, then measures one setup; returns how many 302s it answered in all (for the durability check).</summary>
    private async Task<long> MeasureAsync(
        string setup, WebAppProcess app, Uri url, CancellationToken cancellationToken, double? requestsPerSecond = null, int? concurrency = null)
    {
        var connections = concurrency ?? options.Concurrency;
        using var client = LoadDriver.CreateClient(connections);
        using (var probe = await client.GetAsync(url, cancellationToken))
        {
            if (probe.StatusCode != HttpStatusCode.Found)
            {
                throw new InvalidOperationException(
                    $"{setup}: GET {url} answered {(int)probe.StatusCode}, not 302: {await probe.Content.ReadAsStringAsync(cancellationToken)}{Environment.NewLine}{string.Join(Environment.NewLine, app.Tail)}");
            }
        }

        Console.Write($"  {setup}: warming up... ");
        var warmup = options.Warmup > TimeSpan.Zero
            ? await LoadDriver.RunAsync(client, url, connections, options.Warmup, cancellationToken, requestsPerSecond)
            : null;
        Console.Write("measuring... ");
        List<(string, Process)> measured = [(app.Name, app.Process), ("load driver", Process.GetCurrentProcess())];
        if (_azuriteNode is not null)
        {
            measured.Add(("Azurite", _azuriteNode));
        }

        var cpu = new CpuMeter(measured);
        var cpuBefore = cpu.Read();
        var from = Stopwatch.GetTimestamp();
        var result = await LoadDriver.RunAsync(client, url, connections, options.Duration, cancellationToken, requestsPerSecond);
        _windows[setup] = (from, Stopwatch.GetTimestamp());
        _cpu.Add($"  {setup}: {CpuMeter.Describe(cpuBefore, cpu.Read(), result.Elapsed)}");
        Console.WriteLine($"{result.RequestsPerSecond:N0} req/s, p99 {result.P99Milliseconds:0.0} ms, {result.ErrorCount:N0} errors");
        if (warmup is { ErrorCount: > 0 })
        {
            _notes.Add($"{setup} had {warmup.ErrorCount:N0} errors during warm-up (not counted): {string.Join(", ", warmup.Errors.Select(error => $"{error.Key} x{error.Value:N0}"))}");
        }

        _results[setup] = result;
        return 1 + (warmup?.Successes ?? 0) + result.Successes;
    }

    /// <summary>In durable mode every 302 means "stored", so the table must hold at least as many clicks as 302s were answered.</summary>
    private async Task CheckDurableAsync(StoredClicks clicks, string code, long answered, CancellationToken cancellationToken)
    {
        var stored = await CountWithinAsync(clicks, code, cancellationToken);
        _notes.Add(stored is { } count
            ? $"durable clicks stored: {count.Clicks:N0} for {answered:N0} redirects answered 302 (probe + warm-up + measured; must be >=): {(count.Clicks >= answered ? "OK" : "FEWER STORED THAN ACKNOWLEDGED")}"
            : "durable clicks stored: not counted (the count took longer than a minute)");
        if (stored is { } written && answered > 0)
        {
            _writesPerClick = (double)written.Entities / answered;
            _notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"durable storage writes: {written.Entities:N0} flush entities for {answered:N0} clicks answered 302 = {_writesPerClick:0.0000} writes per click (mean flush {answered / (double)Math.Max(1, written.Entities):0} clicks)"));
        }
    }

    /// <summary>
    /// Fast mode answers before storing: report how far storage was behind when the run ended, and how
    /// far after a bounded wait. Counting is a table scan that takes seconds itself, so this is coarse.
    /// </summary>
    private async Task CheckFastAsync(StoredClicks clicks, string code, long answered, CancellationToken cancellationToken)
    {
        var sinceEnd = Stopwatch.StartNew();
        var atEnd = (await CountWithinAsync(clicks, code, cancellationToken))?.Clicks;
        var atEndSeconds = sinceEnd.Elapsed.TotalSeconds;
        var latest = atEnd;
        while (latest < answered && sinceEnd.Elapsed < FastSettleLimit)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            latest = (await CountWithinAsync(clicks, code, cancellationToken))?.Clicks ?? latest;
        }

        _notes.Add((atEnd, latest) is ({ } first, { } last)
            ? string.Create(CultureInfo.InvariantCulture,
                $"fast clicks stored (written after the 302): {first:N0} of {answered:N0} answered by {atEndSeconds:0} s after the run, {last:N0} by {sinceEnd.Elapsed.TotalSeconds:0} s{(last >= answered ? "" : $" ({answered - last:N0} not stored yet)")}")
            : "fast clicks stored: not counted (a count took longer than a minute)");
    }

    private static async Task<(long Clicks, long Entities)?> CountWithinAsync(StoredClicks clicks, string code, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(1));
        try
        {
            return await clicks.CountAsync(code, limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private void Report()
    {
        Console.WriteLine();
        Console.Write(ResultTable.Format([.. new[] { Durable, AtSaturation(Durable), DurableHalf, Fast, AtSaturation(Fast), OneInsert, Bare, AtSaturation(Bare), BareHalf }
            .Where(_results.ContainsKey).Select(setup => (setup, _results[setup]))]));
        Console.WriteLine();

        var durableOverInsert = Ratio(_results[Durable], _results[OneInsert]);
        var fastOverBare = Ratio(_results[Fast], _results[Bare]);
        var durableOverBare = Ratio(Peak(Durable), Peak(Bare));
        var halfPeakP99 = _results[DurableHalf].P99Milliseconds;
        var bareHalfP99 = _results[BareHalf].P99Milliseconds;
        Console.WriteLine("targets:");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  durable / one insert per request:      {durableOverInsert:0.00}x   (target >= {DurableOverInsertTarget:0}x)     {Verdict(durableOverInsert >= DurableOverInsertTarget)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  fast / bare:                           {fastOverBare:P0}     (target >= {FastOverBareTarget:P0})   {Verdict(fastOverBare >= FastOverBareTarget)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  durable / bare, peak rates:            {durableOverBare:P0}     (target >= {DurableOverBareTarget:P0})   {Verdict(durableOverBare >= DurableOverBareTarget)}   ({Peak(Durable).RequestsPerSecond:N0} / {Peak(Bare).RequestsPerSecond:N0} req/s, each the better of {ConcurrencyLevels})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  storage writes per click:              {_writesPerClick:0.0000}  (target <= {WritesPerClickTarget:0.00})  {Verdict(_writesPerClick <= WritesPerClickTarget)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  redirect p99 at half the durable peak: {halfPeakP99:0.0} ms  (target <= {HalfPeakP99Target:0} ms)  {Verdict(halfPeakP99 <= HalfPeakP99Target)}   ({_results[DurableHalf].RequestsPerSecond:N0} req/s offered on a schedule over {_halfPeakConnections:N0} connections)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    bare on the same schedule:           {bareHalfP99:0.0} ms  (what the load driver and the machine add; durable minus bare: {halfPeakP99 - bareHalfP99:0.0} ms)"));
        if (_halfPeakStalls is not null)
        {
            Console.WriteLine($"    {_halfPeakStalls}");
        }
        Console.WriteLine();
        foreach (var note in _notes)
        {
            Console.WriteLine(note);
        }

        Console.WriteLine($"CPU while measuring, in % of one core ({Environment.ProcessorCount * 100}% = all cores):");
        foreach (var line in _cpu)
        {
            Console.WriteLine(line);
        }

        Console.WriteLine($"start to ready: {string.Join(", ", _startTimes.Select(start => $"{start.Key} {start.Value.TotalSeconds:0.0} s"))}");
        Console.WriteLine(
            $"machine: {Environment.ProcessorCount} logical processors, {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}, {RuntimeInformation.FrameworkDescription}; " +
            (_storageElsewhere
                ? $"load driver and apps share them, storage is the account in {ExternalStorage.Variable}, so compare the ratios, not the absolute figures."
                : "load driver, apps and Azurite share them (loopback only), so compare the ratios, not the absolute figures."));
    }

    private bool Saturating => options.Saturation > options.Concurrency;

    private string ConcurrencyLevels => Saturating ? $"{options.Concurrency} and {options.Saturation} connections" : $"{options.Concurrency} connections";

    private string AtSaturation(string setup) => $"{setup} @ {options.Saturation}";

    /// <summary>
    /// Connections for an open-loop run: enough that each sends at most once per twice the p99 target, so an
    /// answer within the target never delays the next request on its connection (Little's law), but no more
    /// than the saturation level, since every idle connection costs the load driver timer work.
    /// </summary>
    private int OpenLoopConnections(double requestsPerSecond) =>
        (int)Math.Clamp(Math.Ceiling(requestsPerSecond * 2 * HalfPeakP99Target / 1000), options.Concurrency, Math.Max(options.Concurrency, options.Saturation));

    /// <summary>A setup's best rate over the concurrencies it was measured at: its rate at saturation.</summary>
    private LoadResult Peak(string setup) =>
        _results.TryGetValue(AtSaturation(setup), out var saturated) && saturated.RequestsPerSecond > _results[setup].RequestsPerSecond
            ? saturated
            : _results[setup];

    private static double Ratio(LoadResult result, LoadResult baseline) =>
        baseline.RequestsPerSecond > 0 ? result.RequestsPerSecond / baseline.RequestsPerSecond : double.NaN;

    private static string Verdict(bool met) => met ? "PASS" : "MISS";
}
