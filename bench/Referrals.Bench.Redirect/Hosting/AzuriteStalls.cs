using System.Diagnostics;
using System.Globalization;

namespace Referrals.Bench.Redirect.Hosting;

/// <summary>
/// Stalls of Azurite's event loop, noted by <c>azurite-stalls.js</c> inside the emulator: a single-threaded
/// emulator that stalls holds up every flush in flight, so the stalls during a run explain much of its tail.
/// Each stall carries the CPU time the emulator used meanwhile: the rest of it, the emulator waited for a core.
/// </summary>
internal sealed class AzuriteStalls
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"azurite-stalls-{Guid.NewGuid():N}.csv");

    /// <summary>What the emulator's environment needs for the script to run in it.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public AzuriteStalls()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Hosting", "azurite-stalls.js");
        if (File.Exists(script) && Stopwatch.Frequency == 1_000_000_000 && !script.Contains(' ', StringComparison.Ordinal))
        {
            Environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["NODE_OPTIONS"] = $"--require {script}",
                ["AZURITE_STALLS_FILE"] = _file,
            };
        }
        else
        {
            Environment = new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// The stalls that ended between two <see cref="Stopwatch"/> timestamps (both sides read CLOCK_MONOTONIC
    /// on Linux, so they compare), described in one line; null when nothing was recorded.
    /// </summary>
    public async Task<string?> DescribeAsync(long from, long to, CancellationToken cancellationToken)
    {
        if (Environment.Count == 0)
        {
            return null;
        }

        // The script writes once a second.
        await Task.Delay(TimeSpan.FromSeconds(1.5), cancellationToken);
        if (!File.Exists(_file))
        {
            return "Azurite's event loop: no stall of 10 ms or more";
        }

        var stalls = (await File.ReadAllLinesAsync(_file, cancellationToken))
            .Select(line => line.Split(','))
            .Where(parts => parts.Length == 3 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var end) && end >= from && end <= to)
            .Select(parts => (Stall: double.Parse(parts[1], CultureInfo.InvariantCulture), Cpu: double.Parse(parts[2], CultureInfo.InvariantCulture)))
            .ToList();
        if (stalls.Count == 0)
        {
            return "Azurite's event loop: no stall of 10 ms or more";
        }

        var total = stalls.Sum(stall => stall.Stall);
        var onCpu = stalls.Sum(stall => Math.Min(stall.Stall, stall.Cpu));
        return string.Create(CultureInfo.InvariantCulture,
            $"Azurite's event loop: {stalls.Count:N0} stalls of 10 ms or more (longest {stalls.Max(stall => stall.Stall):0} ms, {total:N0} ms in all); during them it ran {onCpu / total:P0} of the time and waited for a core the rest");
    }

    public void Delete()
    {
        try
        {
            File.Delete(_file);
        }
        catch (IOException)
        {
        }
    }
}
