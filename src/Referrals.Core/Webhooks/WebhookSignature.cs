using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Referrals.Core.Webhooks;

/// <summary>
/// Verifies and creates the HMAC-SHA256 webhook signatures of Stripe, Paddle Billing and our generic
/// webhook, on the raw body bytes before anything parses them. All three sign
/// <c>&lt;unix time&gt;&lt;separator&gt;&lt;raw body&gt;</c> with the secret's UTF-8 bytes as the key and send the
/// hex digest with the time in one header; several signatures may be present while a secret rotates,
/// and any one matching is enough. Signatures are compared in constant time.
/// </summary>
/// <remarks>
/// Stripe: <c>t=1492774577,v1=5257a869...,v1=...,v0=...</c>, payload <c>t + "." + body</c>, scheme <c>v1</c>
/// only (Stripe's libraries ignore <c>v0</c> and unknown schemes), 300 s tolerance.
/// Paddle Billing: <c>ts=1671552777;h1=eb4d0dc8...</c>, payload <c>ts + ":" + body</c>; Paddle's SDKs
/// allow 5 s of difference by default. Generic: the Stripe format in <c>X-Referrals-Signature</c>.
/// </remarks>
public static class WebhookSignature
{
    /// <summary>Stripe's documented default tolerance.</summary>
    public static readonly TimeSpan StripeTolerance = TimeSpan.FromSeconds(300);

    /// <summary>The tolerance of Paddle's SDK helpers, which Paddle asks manual implementations to apply too.</summary>
    public static readonly TimeSpan PaddleTolerance = TimeSpan.FromSeconds(5);

    /// <summary>Our generic webhook follows Stripe's rules.</summary>
    public static readonly TimeSpan GenericTolerance = TimeSpan.FromSeconds(300);

    /// <summary>The header each provider sends its signature in.</summary>
    public static string HeaderName(WebhookProvider provider) => provider switch
    {
        WebhookProvider.Stripe => "Stripe-Signature",
        WebhookProvider.Paddle => "Paddle-Signature",
        WebhookProvider.Generic => "X-Referrals-Signature",
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown webhook provider."),
    };

    /// <summary>The default tolerance for the provider.</summary>
    public static TimeSpan Tolerance(WebhookProvider provider) => provider switch
    {
        WebhookProvider.Stripe => StripeTolerance,
        WebhookProvider.Paddle => PaddleTolerance,
        _ => GenericTolerance,
    };

    /// <summary>Checks <paramref name="header"/> against <paramref name="body"/> under <paramref name="secret"/> at <paramref name="now"/>.</summary>
    public static SignatureCheck Verify(WebhookProvider provider, string? header, ReadOnlySpan<byte> body, string secret, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (string.IsNullOrWhiteSpace(header))
        {
            return SignatureCheck.Missing;
        }

        if (!TryParse(provider, header, out var timestamp, out var signatures))
        {
            return SignatureCheck.Malformed;
        }

        var age = now.ToUnixTimeSeconds() - timestamp;
        var allowed = (long)(tolerance ?? Tolerance(provider)).TotalSeconds;
        if (age > allowed || age < -allowed)
        {
            return SignatureCheck.Stale;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Compute(provider, timestamp, body, secret, expected);
        var matched = false;
        foreach (var signature in signatures)
        {
            // Every candidate is compared, matched or not, so the time taken does not tell which one matched.
            matched |= CryptographicOperations.FixedTimeEquals(signature, expected);
        }

        return matched ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    /// <summary>The header value the provider would send for <paramref name="body"/> signed at <paramref name="timestamp"/> (unix seconds).</summary>
    public static string CreateHeader(WebhookProvider provider, ReadOnlySpan<byte> body, string secret, long timestamp)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Compute(provider, timestamp, body, secret, mac);
        var hex = Convert.ToHexStringLower(mac);
        var time = timestamp.ToString(CultureInfo.InvariantCulture);
        return provider == WebhookProvider.Paddle ? $"ts={time};h1={hex}" : $"t={time},v1={hex}";
    }

    private static void Compute(WebhookProvider provider, long timestamp, ReadOnlySpan<byte> body, string secret, Span<byte> destination)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + (provider == WebhookProvider.Paddle ? ":" : "."));
        var payload = new byte[prefix.Length + body.Length];
        prefix.CopyTo(payload, 0);
        body.CopyTo(payload.AsSpan(prefix.Length));
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), payload, destination);
    }

    private static bool TryParse(WebhookProvider provider, string header, out long timestamp, out List<byte[]> signatures)
    {
        var (separator, timeKey, signatureKey) = provider == WebhookProvider.Paddle ? (';', "ts", "h1") : (',', "t", "v1");
        timestamp = 0;
        signatures = [];
        var hasTime = false;
        foreach (var element in header.Split(separator))
        {
            var equals = element.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return false;
            }

            var key = element[..equals].Trim();
            var value = element[(equals + 1)..].Trim();
            if (key == timeKey)
            {
                if (hasTime || value.Length is 0 or > 12 || !value.All(char.IsAsciiDigit))
                {
                    return false;
                }

                timestamp = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                hasTime = true;
            }
            else if (key == signatureKey)
            {
                if (value.Length != HMACSHA256.HashSizeInBytes * 2 || !value.All(char.IsAsciiHexDigit))
                {
                    return false;
                }

                signatures.Add(Convert.FromHexString(value));
            }

            // Other schemes (Stripe's v0, future ones) are ignored, as the providers' own libraries do.
        }

        return hasTime && signatures.Count > 0 && signatures.Count <= 16;
    }
}
