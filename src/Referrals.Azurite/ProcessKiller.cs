using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Referrals.Azurite;

/// <summary>Stops emulator processes by pid: asks first (SIGTERM, so Azurite saves its data), then kills.</summary>
internal static partial class ProcessKiller
{
    private const int SigTerm = 15;

    /// <summary>True when <paramref name="processId"/> is alive and its command line mentions azurite (not a reused pid).</summary>
    public static bool IsAzurite(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            if (process.HasExited)
            {
                return false;
            }

            var cmdline = $"/proc/{processId}/cmdline";
            return File.Exists(cmdline)
                ? File.ReadAllText(cmdline).Contains("azurite", StringComparison.OrdinalIgnoreCase)
                : process.ProcessName.Contains("node", StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Sends SIGTERM (where there are signals), waits up to <paramref name="grace"/>, then kills the process tree.</summary>
    public static async Task StopAsync(int processId, TimeSpan grace)
    {
        Process process;
        try
        {
            process = Process.GetProcessById(processId);
        }
        catch (ArgumentException)
        {
            return;
        }

        using (process)
        {
            if (!OperatingSystem.IsWindows())
            {
                _ = Kill(processId, SigTerm);
            }

            using var timeout = new CancellationTokenSource(OperatingSystem.IsWindows() ? TimeSpan.Zero : grace);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
                return;
            }
            catch (OperationCanceledException)
            {
            }
            catch (InvalidOperationException)
            {
                return;
            }

            try
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int processId, int signal);
}
