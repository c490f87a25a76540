using System.Diagnostics;
using System.Globalization;

namespace Referrals.Bench.Redirect.Hosting;

/// <summary>
/// Processor time of the processes in a measurement (the app, Azurite, the load driver), so a result can
/// be read against who used the machine's cores. Best effort: a process it cannot read counts as absent.
/// </summary>
internal sealed class CpuMeter(IReadOnlyList<(string Name, Process Process)> processes)
{
    public IReadOnlyDictionary<string, TimeSpan> Read()
    {
        var times = new Dictionary<string, TimeSpan>();
        foreach (var (name, process) in processes)
        {
            try
            {
                process.Refresh();
                times[name] = process.TotalProcessorTime;
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
            {
                // Exited or unreadable: leave it out.
            }
        }

        return times;
    }

    /// <summary>Percent of one core each process used between two readings over <paramref name="elapsed"/>.</summary>
    public static string Describe(IReadOnlyDictionary<string, TimeSpan> before, IReadOnlyDictionary<string, TimeSpan> after, TimeSpan elapsed) =>
        string.Join(", ", after
            .Where(entry => before.ContainsKey(entry.Key))
            .Select(entry => string.Create(CultureInfo.InvariantCulture, $"{entry.Key} {(entry.Value - before[entry.Key]).TotalSeconds / elapsed.TotalSeconds:P0}")));

    /// <summary>The node process running Azurite: the child of the watchdog whose pid <see cref="Referrals.Azurite.AzuriteProcess"/> exposes (Linux only).</summary>
    public static Process? AzuriteNode(int watchdogPid)
    {
        try
        {
            var children = File.ReadAllText($"/proc/{watchdogPid}/task/{watchdogPid}/children")
                .Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return children.Length > 0 ? Process.GetProcessById(int.Parse(children[0], CultureInfo.InvariantCulture)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
