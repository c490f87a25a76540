using System.Globalization;

namespace Referrals.Bench.Conversions;

/// <summary>The benchmark's settings: offered rate, measured seconds, runs, and whether to rebuild the server first.</summary>
internal sealed record ConversionBenchOptions(int Rate, int Seconds, int Runs, bool RebuildServer)
{
    public const string Usage = "usage: dotnet run -c Release --project bench/Referrals.Bench.Conversions -- [--rate 50] [--seconds 10] [--runs 3] [--rebuild-server]";

    public static bool TryParse(string[] args, out ConversionBenchOptions options, out string problem)
    {
        options = new ConversionBenchOptions(50, 10, 3, false);
        problem = string.Empty;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--rebuild-server":
                    options = options with { RebuildServer = true };
                    break;
                case "--rate" or "--seconds" or "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value):
                    options = args[i] switch
                    {
                        "--rate" => options with { Rate = value },
                        "--seconds" => options with { Seconds = value },
                        _ => options with { Runs = value },
                    };
                    i++;
                    break;
                default:
                    problem = $"Unknown or incomplete option '{args[i]}'.";
                    return false;
            }
        }

        if (options.Rate is < 1 or > 2_000 || options.Seconds is < 1 or > 120 || options.Runs is < 1 or > 10)
        {
            problem = "--rate must be 1..2000 per second, --seconds 1..120, --runs 1..10.";
            return false;
        }

        return true;
    }
}
