using System.Globalization;

namespace Referrals.Api.Reconciliation;

/// <summary>Amounts as exports write them (major units, <c>49.99</c>), read exactly into minor units.</summary>
internal static class ExportAmounts
{
    /// <summary>The amount in minor units of <paramref name="currency"/>, or null when it is not a plain non-negative amount in that currency's precision.</summary>
    public static long? ToMinor(string text, string currency)
    {
        if (text.Length > 32 || !decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        var minor = value * (decimal)Math.Pow(10, Core.Currency.MinorDigits(currency));
        return minor == decimal.Truncate(minor) && minor <= Core.Money.MaxAmount ? (long)minor : null;
    }

    /// <summary>A time as exports write it: <c>2026-03-14 09:30</c>, with seconds, or ISO 8601; UTC unless it says otherwise.</summary>
    public static DateTimeOffset? ToTime(string text) =>
        DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK"],
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;
}
