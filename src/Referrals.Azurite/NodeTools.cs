using System.Diagnostics;
using System.Text.Json;

namespace Referrals.Azurite;

/// <summary>Finding node, npm and the repository, and installing the npm packages once.</summary>
internal static class NodeTools
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);
    private static readonly string[] DependencySections = ["devDependencies", "dependencies"];

    public static string AzuriteScript(string root) => Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");

    /// <summary>The full path of an executable on PATH (with the Windows extensions there), or null.</summary>
    public static string? FindOnPath(string name)
    {
        var extensions = OperatingSystem.IsWindows()
            ? (Environment.GetEnvironmentVariable("PATHEXT") ?? ".EXE;.CMD;.BAT").Split(';', StringSplitOptions.RemoveEmptyEntries)
            : [string.Empty];
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return folders
            .SelectMany(folder => extensions.Select(extension => Path.Combine(folder.Trim('"'), name + extension)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>The first folder, walking up from the app's folder and then the current one, whose package.json lists azurite.</summary>
    public static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (ListsAzurite(Path.Combine(folder.FullName, "package.json")))
                {
                    return folder.FullName;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Runs <c>npm ci</c> (or <c>npm install</c> without a lock file) in <paramref name="root"/> unless
    /// Azurite is already there. A lock file keeps two processes (two test assemblies) from installing
    /// at once; the second finds the packages installed when it gets the lock.
    /// </summary>
    public static Task EnsureInstalledAsync(string root, Microsoft.Extensions.Logging.ILogger logger, CancellationToken cancellationToken) =>
        EnsureInstalledAsync(root, () => FindOnPath("npm"), logger, cancellationToken);

    /// <summary>As <see cref="EnsureInstalledAsync(string, Microsoft.Extensions.Logging.ILogger, CancellationToken)"/>, with the npm to run.</summary>
    internal static async Task EnsureInstalledAsync(string root, Func<string?> findNpm, Microsoft.Extensions.Logging.ILogger logger, CancellationToken cancellationToken)
    {
        if (File.Exists(AzuriteScript(root)))
        {
            return;
        }

        await using var installLock = await AcquireLockAsync(Path.Combine(root, "node_modules.install.lock"), cancellationToken);
        if (File.Exists(AzuriteScript(root)))
        {
            return;
        }

        var npm = findNpm()
            ?? throw new InvalidOperationException($"Azurite is not installed in {root}/node_modules and npm is not on PATH. Install Node.js (with npm), or run 'npm ci' in {root}.");
        string[] arguments = File.Exists(Path.Combine(root, "package-lock.json"))
            ? ["ci", "--no-audit", "--no-fund"]
            : ["install", "--no-audit", "--no-fund"];
        var command = "npm " + string.Join(' ', arguments);
        AzuriteLog.Installing(logger, root, command);
        var output = new OutputTail(logger, capacity: 200);
        var start = new ProcessStartInfo(npm)
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var npmProcess = new Process { StartInfo = start };
        npmProcess.OutputDataReceived += (_, line) => output.Add(line.Data);
        npmProcess.ErrorDataReceived += (_, line) => output.Add(line.Data);
        npmProcess.Start();
        npmProcess.StandardInput.Close();
        npmProcess.BeginOutputReadLine();
        npmProcess.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(InstallTimeout);
        try
        {
            await npmProcess.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            npmProcess.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"npm {arguments[0]} in {root} did not finish within {InstallTimeout.TotalMinutes} minutes. Its output:{Environment.NewLine}{output}");
        }

        if (npmProcess.ExitCode != 0 || !File.Exists(AzuriteScript(root)))
        {
            throw new InvalidOperationException(
                $"npm {arguments[0]} in {root} failed (exit code {npmProcess.ExitCode}), so Azurite cannot start. npm's output:{Environment.NewLine}{output}");
        }
    }

    private static bool ListsAzurite(string packageJson)
    {
        if (!File.Exists(packageJson))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(packageJson));
            return DependencySections.Any(section =>
                document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(section, out var dependencies)
                && dependencies.ValueKind == JsonValueKind.Object
                && dependencies.TryGetProperty("azurite", out _));
        }
        catch (Exception exception) when (exception is JsonException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(InstallTimeout);
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive lock between processes; the file goes away with the lock.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), timeout.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new InvalidOperationException($"Another process held {path} (an npm install) for more than {InstallTimeout.TotalMinutes} minutes.");
                }
            }
        }
    }
}
