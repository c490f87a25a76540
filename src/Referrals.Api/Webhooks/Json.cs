using System.Globalization;
using System.Text.Json;

namespace Referrals.Api.Webhooks;

/// <summary>Lenient reads of provider payloads: a missing or differently typed field is null, never an exception.</summary>
internal static class Json
{
    public static JsonElement? Path(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current.ValueKind == JsonValueKind.Null ? null : current;
    }

    public static string? String(this JsonElement element, params string[] path) =>
        element.Path(path) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text : null;

    /// <summary>An integer given as a JSON number (Stripe) or as a string of digits (Paddle).</summary>
    public static long? Long(this JsonElement element, params string[] path) => element.Path(path) switch
    {
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt64(out var number) => number,
        { ValueKind: JsonValueKind.String } value when long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
        _ => null,
    };

    public static IEnumerable<JsonElement> Array(this JsonElement element, params string[] path) =>
        element.Path(path) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];
}
