using System.Globalization;
using Referrals.Core;

namespace Referrals.Api.Formatting;

/// <summary>How the pages write numbers: money with its currency, rates as percent, times in UTC.</summary>
public static class Format
{
    public static string Money(long minorUnits, string currency) => new Money(minorUnits, currency).ToString();

    public static string Money(Money money) => money.ToString();

    public static string Percent(decimal fraction) => (fraction * 100m).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? at) => at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "–";

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A trend against the previous period: "▲ 12.5 %", "▼ 3 %", or "new" when there is nothing to compare with.</summary>
    public static string Trend(decimal? percent) => percent switch
    {
        null => "new",
        > 0 => "▲ " + percent.Value.ToString("0.#", CultureInfo.InvariantCulture) + " %",
        < 0 => "▼ " + (-percent.Value).ToString("0.#", CultureInfo.InvariantCulture) + " %",
        _ => "= 0 %",
    };

    public static string Lower(Enum value) => value.ToString().ToLowerInvariant();
}
