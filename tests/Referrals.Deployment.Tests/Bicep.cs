using System.Diagnostics;
using System.Reflection;

namespace Referrals.Deployment.Tests;

/// <summary>Runs the Bicep CLI of the <c>Azure.Bicep.CommandLine.linux-x64</c> package on the repository's files.</summary>
internal static class Bicep
{
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string InfraFile(string name) => Path.Combine(RepositoryRoot, "infra", name);

    /// <summary>Runs <c>bicep</c> with <paramref name="arguments"/>; its exit code, standard output and standard error.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] arguments)
    {
        var path = Metadata("BicepPath").Replace('\\', '/');
        EnsureExecutable(path);
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.Combine(RepositoryRoot, "infra"),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No telemetry, no update checks: the build machines reach no such endpoint.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {path}.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    // NuGet does not keep the executable bit of a package's files on every machine.
    private static void EnsureExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
    }

    private static string Metadata(string key) =>
        typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == key).Value
        ?? throw new InvalidOperationException($"The test assembly has no {key}.");
}
