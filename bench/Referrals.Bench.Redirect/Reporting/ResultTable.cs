using System.Globalization;
using System.Text;
using Referrals.Bench.Redirect.Load;

namespace Referrals.Bench.Redirect.Reporting;

/// <summary>The plain-text table of a run: one row per setup, then the error kinds of any setup that had some.</summary>
internal static class ResultTable
{
    public static string Format(IReadOnlyList<(string Setup, LoadResult Result)> rows)
    {
        var setupWidth = Math.Max("setup".Length, rows.Max(row => row.Setup.Length));
        var text = new StringBuilder();
        text.AppendLine(Line(setupWidth, "setup", "req/s", "p50 ms", "p99 ms", "errors"));
        text.AppendLine(new string('-', setupWidth) + "-+-" + new string('-', 9) + "-+-" + new string('-', 8) + "-+-" + new string('-', 8) + "-+-" + new string('-', 8));
        foreach (var (setup, result) in rows)
        {
            text.AppendLine(Line(
                setupWidth,
                setup,
                result.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                Milliseconds(result.P50Milliseconds),
                Milliseconds(result.P99Milliseconds),
                result.ErrorCount.ToString("N0", CultureInfo.InvariantCulture)));
        }

        foreach (var (setup, result) in rows.Where(row => row.Result.ErrorCount > 0))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  errors in {setup}: {string.Join(", ", result.Errors.OrderByDescending(error => error.Value).Select(error => $"{error.Key} x{error.Value:N0}"))}");
        }

        return text.ToString();
    }

    private static string Line(int setupWidth, string setup, string rps, string p50, string p99, string errors) =>
        $"{setup.PadRight(setupWidth)} | {rps,9} | {p50,8} | {p99,8} | {errors,8}";

    private static string Milliseconds(double value) =>
        double.IsNaN(value) ? "-" : value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);
}
