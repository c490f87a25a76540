using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Referrals.Core.Tracking;

/// <summary>
/// A click's id, <c>{linkCode}.{yyMMddHH}.{key}</c>. It carries the link code and the UTC hour the
/// click happened in, which together are the click's storage partition, so finding a click from the
/// id alone is a single point read.
/// </summary>
public readonly record struct ClickId(string LinkCode, DateTimeOffset Hour, string Key)
{
    private const string HourFormat = "yyMMddHH";

    /// <summary>The partition every click of this link in this hour shares.</summary>
    public string Partition => LinkCode + "-" + Hour.ToUniversalTime().ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    /// <summary>A fresh id for a click on <paramref name="linkCode"/> at <paramref name="at"/>, with 65 random bits.</summary>
    public static ClickId New(string linkCode, DateTimeOffset at)
    {
        Span<byte> bytes = stackalloc byte[9];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        return new ClickId(linkCode, TruncateToHour(at), Identifiers.Base32(bytes)[..13]);
    }

    public static bool TryParse([NotNullWhen(true)] string? value, out ClickId clickId)
    {
        clickId = default;
        if (value is null || value.Length > 80)
        {
            return false;
        }

        var parts = value.Split('.');
        if (parts.Length != 3 || !Core.Links.LinkCode.IsWellFormed(parts[0]) || parts[2].Length is < 1 or > 32
            || !parts[2].All(c => c is (>= 'a' and <= 'z') or (>= '2' and <= '7'))
            || !DateTimeOffset.TryParseExact(parts[1], HourFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var hour))
        {
            return false;
        }

        clickId = new ClickId(parts[0], hour, parts[2]);
        return true;
    }

    public override string ToString() =>
        LinkCode + "." + Hour.ToUniversalTime().ToString(HourFormat, CultureInfo.InvariantCulture) + "." + Key;

    private static DateTimeOffset TruncateToHour(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}
