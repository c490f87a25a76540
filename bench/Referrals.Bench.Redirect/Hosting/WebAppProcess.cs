using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Referrals.Bench.Redirect.Hosting;

/// <summary>
/// A web app run as a child process (<c>dotnet app.dll --urls http://127.0.0.1:port</c>) on a free
/// loopback port. Its output is drained (a blocked pipe would stall the app) and the last lines kept
/// for diagnostics; disposing kills the whole process tree.
/// </summary>
internal sealed class WebAppProcess : IAsyncDisposable
{
    private const int TailLines = 30;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _tail = new();
    private int _lineCount;

    private WebAppProcess(string name, Process process, Uri baseAddress) =>
        (Name, _process, BaseAddress) = (name, process, baseAddress);

    public string Name { get; }

    public Uri BaseAddress { get; }

    /// <summary>Lines the app wrote to stdout/stderr (its logs, at Warning and above in these runs).</summary>
    public int LineCount => Volatile.Read(ref _lineCount);

    public IReadOnlyList<string> Tail => [.. _tail];

    public Process Process => _process;

    public static async Task<WebAppProcess> StartAsync(
        string name,
        string dllPath,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        string readyPath,
        TimeSpan readyTimeout,
        CancellationToken cancellationToken)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}");
        var start = new ProcessStartInfo(DotNetHost())
        {
            // The content root (appsettings.json) is the working directory of a `dotnet app.dll` start.
            WorkingDirectory = Path.GetDirectoryName(dllPath)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dllPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.GetLeftPart(UriPartial.Authority));
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var app = new WebAppProcess(name, process, baseAddress);
        process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await app.WaitUntilReadyAsync(readyPath, readyTimeout, cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or will be shortly; nothing else to do while tearing down.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task WaitUntilReadyAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var lastAnswer = "no answer";
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready. Its last output:{Environment.NewLine}{string.Join(Environment.NewLine, Tail)}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                lastAnswer = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                lastAnswer = e.Message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        throw new TimeoutException($"{Name} did not answer 200 on {path} within {timeout.TotalSeconds:0} s (last: {lastAnswer}). Its last output:{Environment.NewLine}{string.Join(Environment.NewLine, Tail)}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        Interlocked.Increment(ref _lineCount);
        _tail.Enqueue(line);
        while (_tail.Count > TailLines && _tail.TryDequeue(out _))
        {
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The <c>dotnet</c> muxer running us, or the one on PATH (we may be running as an apphost).</summary>
    public static string DotNetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
