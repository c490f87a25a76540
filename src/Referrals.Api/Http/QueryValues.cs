using System.Globalization;

namespace Referrals.Api.Http;

/// <summary>Reading query values the same way in both hosts, with the API's words for enum values.</summary>
public static class QueryValues
{
    /// <summary>An enum value by name in any case (never a number); true with null when absent.</summary>
    public static bool TryParseEnum<TEnum>(string? text, out TEnum? value)
        where TEnum : struct, Enum
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!text.All(char.IsAsciiLetter) || !Enum.TryParse<TEnum>(text, ignoreCase: true, out var parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>An ISO 8601 time with its offset; true with null when absent.</summary>
    public static bool TryParseTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (text.Length > 40 || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        value = parsed.ToUniversalTime();
        return true;
    }
}
