using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Referrals.Bench.Redirect;

/// <summary>Command-line settings of a benchmark run.</summary>
internal sealed record BenchOptions(int Concurrency, TimeSpan Duration, TimeSpan Warmup, bool RebuildServer)
{
    public const string Usage =
        "usage: Referrals.Bench.Redirect [--concurrency 64] [--seconds 10] [--warmup 3] [--rebuild-server]";

    public static BenchOptions Default { get; } = new(64, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3), RebuildServer: false);

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
                case "--seconds" when TryInt(args, ++i, 1, 600, out var seconds):
                    options = options with { Duration = TimeSpan.FromSeconds(seconds) };
                    break;
                case "--warmup" when TryInt(args, ++i, 0, 120, out var warmup):
                    options = options with { Warmup = TimeSpan.FromSeconds(warmup) };
                    break;
                case "--rebuild-server":
                    options = options with { RebuildServer = true };
                    break;
                default:
                    problem = $"Unknown or invalid argument '{args[Math.Min(i, args.Count - 1)]}' (--concurrency 1-4096, --seconds 1-600, --warmup 0-120).";
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
