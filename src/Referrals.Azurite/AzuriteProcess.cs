using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Referrals.Azurite;

/// <summary>
/// Azurite (the Azure Storage emulator from the repository's npm packages) on free loopback ports,
/// for the local server and the tests. It runs under <c>eng/azurite-host.js</c>, which stops it when
/// this process's handle on its stdin closes, so the emulator never outlives the process that
/// started it, even when that process is killed. With a <see cref="AzuriteOptions.DataDirectory"/>,
/// an emulator left behind by a crash (found through <c>azurite.pid</c>) is stopped before a new one
/// starts on the same data.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>The emulator's well-known account.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The emulator's well-known account key (public, documented by Azurite).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const int PortAttempts = 3;
    private const string PidFileName = "azurite.pid";
    // Generous: on a shared machine busy compiling, node can take tens of seconds just to load Azurite,
    // and a healthy start returns as soon as it listens.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly OutputTail _output;
    private readonly string _pidFile;
    private readonly bool _ownsPidFile;
    private readonly ILogger _logger;
    private int[] _pids = [];
    private int _disposed;

    private AzuriteProcess(Process process, OutputTail output, string pidFile, bool ownsPidFile, ILogger logger, int blobPort, int queuePort, int tablePort)
    {
        (_process, _output, _pidFile, _ownsPidFile, _logger) = (process, output, pidFile, ownsPidFile, logger);
        (BlobPort, QueuePort, TablePort) = (blobPort, queuePort, tablePort);
        ConnectionString = string.Create(
            CultureInfo.InvariantCulture,
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};");
    }

    /// <summary>A connection string for the emulator's account with its three endpoints spelled out.</summary>
    public string ConnectionString { get; }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>The pid of the watchdog process (<c>eng/azurite-host.js</c>) that runs Azurite.</summary>
    public int ProcessId => _process.Id;

    /// <summary>
    /// Freezes the emulator (SIGSTOP to Azurite, not its watchdog): it keeps its ports and connections but
    /// answers nothing, as a storage that hangs does, until <see cref="ResumeAsync"/>. Unix only.
    /// </summary>
    public Task PauseAsync() => SignalAsync("STOP");

    /// <summary>Lets a paused emulator go on (SIGCONT); requests sent meanwhile are answered then.</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    private async Task SignalAsync(string signal)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Pausing the emulator needs Unix signals.");
        }

        foreach (var pid in _pids.Where(pid => pid != _process.Id))
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
                ?? throw new InvalidOperationException("'kill' could not be started.");
            await kill.WaitForExitAsync();
            if (kill.ExitCode != 0)
            {
                throw new InvalidOperationException($"kill -{signal} {pid} exited with {kill.ExitCode}.");
            }
        }
    }

    /// <summary>
    /// Installs the npm packages if Azurite is missing, starts the emulator on three free loopback ports
    /// and returns once all three services listen.
    /// </summary>
    /// <exception cref="InvalidOperationException">node or npm is missing, the install failed, or Azurite did not start (the message holds its output).</exception>
    public static async Task<AzuriteProcess> StartAsync(AzuriteOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var logger = options.Logger ?? NullLogger.Instance;
        var root = Path.GetFullPath(options.RepositoryRoot ?? NodeTools.FindRepositoryRoot()
            ?? throw new InvalidOperationException($"No package.json listing azurite was found above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}; set {nameof(AzuriteOptions)}.{nameof(AzuriteOptions.RepositoryRoot)}."));
        var node = NodeTools.FindOnPath("node")
            ?? throw new InvalidOperationException("Node.js ('node') is not on PATH; Azurite needs it. Install Node.js 20 or later.");
        var host = Path.Combine(root, "eng", "azurite-host.js");
        if (!File.Exists(host))
        {
            throw new InvalidOperationException($"{host} is missing; it runs Azurite under a watchdog.");
        }

        await NodeTools.EnsureInstalledAsync(root, logger, cancellationToken);

        string? dataDirectory = null;
        string pidFile;
        if (options.DataDirectory is { } directory)
        {
            dataDirectory = Path.GetFullPath(directory);
            Directory.CreateDirectory(dataDirectory);
            pidFile = Path.Combine(dataDirectory, PidFileName);
            await StopLeftoverAsync(pidFile, logger);
        }
        else
        {
            pidFile = Path.Combine(Path.GetTempPath(), $"azurite-{Guid.NewGuid():N}.pid");
        }

        for (var attempt = 1; ; attempt++)
        {
            var ports = FreeLoopbackPorts(3);
            var output = new OutputTail(logger);
            var process = Launch(node, host, NodeTools.AzuriteScript(root), ports, dataDirectory, pidFile, output, options.Environment);
            var azurite = new AzuriteProcess(process, output, pidFile, ownsPidFile: dataDirectory is null, logger, ports[0], ports[1], ports[2]);
            try
            {
                if (await azurite.WaitUntilListeningAsync(cancellationToken))
                {
                    // The watchdog wrote both pids before Azurite started listening.
                    azurite._pids = ReadPids(pidFile);
                    AzuriteLog.Started(logger, process.Id, ports[0], ports[1], ports[2], dataDirectory ?? "memory");
                    return azurite;
                }
            }
            catch
            {
                await azurite.DisposeAsync();
                throw;
            }

            await azurite.DisposeAsync();
            if (attempt >= PortAttempts)
            {
                throw new InvalidOperationException($"Azurite found its ports taken {PortAttempts} times in a row. Its output:{Environment.NewLine}{output}");
            }

            AzuriteLog.PortTaken(logger, attempt);
        }
    }

    /// <summary>Closes the watchdog's stdin (it stops Azurite gracefully), kills the tree if that takes too long, and removes the pid file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The watchdog is gone already.
        }

        using (var grace = new CancellationTokenSource(StopGrace))
        {
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        // Azurite itself, should the watchdog have died before it (killed on its own).
        foreach (var pid in _pids.Where(pid => pid != _process.Id && ProcessKiller.IsAzurite(pid)))
        {
            await ProcessKiller.StopAsync(pid, StopGrace);
        }

        if (_ownsPidFile || ReadPids(_pidFile).Contains(_process.Id))
        {
            TryDelete(_pidFile);
        }

        AzuriteLog.Stopped(_logger, _process.Id);
        _process.Dispose();
    }

    private static Process Launch(
        string node, string host, string azurite, int[] ports, string? dataDirectory, string pidFile, OutputTail output, IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(node)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory ?? Path.GetTempPath(),
        };
        string[] arguments =
        [
            host, "--pid-file", pidFile, azurite,
            "--blobHost", "127.0.0.1", "--blobPort", ports[0].ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", ports[1].ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", ports[2].ToString(CultureInfo.InvariantCulture),
            "--disableTelemetry", "--skipApiVersionCheck", "--loose",

            // No access log: one line per request costs the emulator more than many small requests do.
            "--silent",
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (dataDirectory is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(dataDirectory);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => output.Add(line.Data);
        process.ErrorDataReceived += (_, line) => output.Add(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>True once all three services report listening and accept connections; false when a port was taken meanwhile.</summary>
    private async Task<bool> WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(cancellationToken);
                if (_output.Contains("EADDRINUSE"))
                {
                    return false;
                }

                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} while starting. Its output:{Environment.NewLine}{_output}");
            }

            if (_output.Count("successfully listening") >= 3
                && await AcceptsAsync(BlobPort, cancellationToken)
                && await AcceptsAsync(QueuePort, cancellationToken)
                && await AcceptsAsync(TablePort, cancellationToken))
            {
                return true;
            }

            if (deadline.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException($"Azurite did not listen on ports {BlobPort}, {QueuePort}, {TablePort} within {StartTimeout.TotalSeconds} seconds. Its output:{Environment.NewLine}{_output}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (Exception exception) when (exception is SocketException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>Distinct free ports: all are bound at once before any is released, so they differ.</summary>
    private static int[] FreeLoopbackPorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            return listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
                listener.Dispose();
            }
        }
    }

    /// <summary>Stops the emulator a crashed earlier run left on this data directory; its data is on disk, so replacing it loses nothing.</summary>
    private static async Task StopLeftoverAsync(string pidFile, ILogger logger)
    {
        foreach (var pid in ReadPids(pidFile).Where(ProcessKiller.IsAzurite))
        {
            AzuriteLog.StoppingLeftover(logger, pid, pidFile);
            await ProcessKiller.StopAsync(pid, StopGrace);
        }

        TryDelete(pidFile);
    }

    private static int[] ReadPids(string pidFile)
    {
        try
        {
            return File.Exists(pidFile)
                ? File.ReadAllLines(pidFile)
                    .Select(line => int.TryParse(line.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
                    .Where(pid => pid > 0 && pid != Environment.ProcessId)
                    .ToArray()
                : [];
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A leftover pid file is harmless: its pids are checked before use.
        }
    }
}
