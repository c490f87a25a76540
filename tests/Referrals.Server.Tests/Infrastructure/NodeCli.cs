using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Referrals.Server.Tests.Infrastructure;

/// <summary>
/// The command-line tools of the repository's own npm dev dependencies (<c>node_modules/.bin</c>), run
/// with their update checks and telemetry off so they reach nothing but the files they are given.
/// The shared Azurite's start runs <c>npm ci</c> on a fresh checkout; a checkout whose packages predate
/// a tool gets it with <c>npm install</c> (which, unlike <c>npm ci</c>, leaves the running Azurite's files alone).
/// </summary>
public static class NodeCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private static readonly SemaphoreSlim Installing = new(1, 1);

    /// <summary>The folder whose package.json the tools come from.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, string workingDirectory, params string[] arguments)
    {
        await SharedAzurite.GetAsync();
        var executable = Path.Combine(RepositoryRoot, "node_modules", ".bin", tool);
        if (!File.Exists(executable))
        {
            await Installing.WaitAsync();
            try
            {
                if (!File.Exists(executable))
                {
                    var (exitCode, output) = await RunProcessAsync("npm", RepositoryRoot, ["install", "--no-audit", "--no-fund"]);
                    Assert.True(exitCode == 0 && File.Exists(executable), $"npm install did not bring {tool}: {output}");
                }
            }
            finally
            {
                Installing.Release();
            }
        }

        return await RunProcessAsync(executable, workingDirectory, arguments);
    }

    private static async Task<(int ExitCode, string Output)> RunProcessAsync(string executable, string workingDirectory, string[] arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_UPDATE_NOTIFIER"] = "1";
        start.Environment["CI"] = "true";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(executable)} did not finish within {Timeout}: {output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var packageJson = Path.Combine(folder.FullName, "package.json");
            if (File.Exists(packageJson) && JsonDocument.Parse(File.ReadAllText(packageJson)).RootElement.TryGetProperty("devDependencies", out var dependencies)
                && dependencies.TryGetProperty("@redocly/cli", out _))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("No package.json with @redocly/cli above " + AppContext.BaseDirectory);
    }
}
