using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Referrals.Bench.Redirect;

/// <summary>Command-line settings of a benchmark run.</summary>
/// <param name="Concurrency">Connections of the closed-loop load (each sends its next request when answered).</param>
/// <param name="Duration">How long each setup is measured.</param>
/// <param name="Warmup">How long each setup is loaded before measuring (not counted).</param>
/// <param name="RebuildServer">Build the server in Release before the run even if a build exists.</param>
/// <param name="Saturation">A second, higher concurrency at which durable, fast and bare are measured again (0 = off): a
/// durable redirect waits for storage, so it needs more requests in flight than bare to reach its peak.</param>
/// <param name="StorageCore">Run Azurite on a core of its own and everything else on the other cores (Linux).</param>
internal sealed record BenchOptions(int Concurrency, TimeSpan Duration, TimeSpan Warmup, bool RebuildServer, int Saturation, bool StorageCore = false)
{
    public const string Usage =
        "usage: Referrals.Bench.Redirect [--concurrency 64] [--saturation 256] [--seconds 10] [--warmup 3] [--rebuild-server] [--storage-core]";

    public static BenchOptions Default { get; } = new(64, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3), RebuildServer: false, Saturation: 256);

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out BenchOptions? options, [NotNullWhen(false)] out string? problem)
    {
        options = Default;
        problem = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--concurrency" when TryInt(args, ++i, 1, 4096, out var concurrency):
                    options = options with { Concurrency = concurrency };
                    break;
                case "--saturation" when TryInt(args, ++i, 0, 4096, out var saturation):
                    options = options with { Saturation = saturation };
                    break;
                case "--seconds" when TryInt(args, ++i, 1, 600, out var seconds):
                    options = options with { Duration = TimeSpan.FromSeconds(seconds) };
                    break;
                case "--warmup" when TryInt(args, ++i, 0, 120, out var warmup):
                    options = options with { Warmup = TimeSpan.FromSeconds(warmup) };
                    break;
                case "--rebuild-server":
                    options = options with { RebuildServer = true };
                    break;
                case "--storage-core":
                    options = options with { StorageCore = true };
                    break;
                default:
                    problem = $"Unknown or invalid argument '{args[Math.Min(i, args.Count - 1)]}' (--concurrency 1-4096, --saturation 0-4096, --seconds 1-600, --warmup 0-120, --rebuild-server, --storage-core).";
                    options = null;
                    return false;
            }
        }

        return true;
    }

    private static bool TryInt(IReadOnlyList<string> args, int index, int min, int max, out int value)
    {
        value = 0;
        return index < args.Count
            && int.TryParse(args[index], NumberStyles.None, CultureInfo.InvariantCulture, out value)
            && value >= min && value <= max;
    }
}
