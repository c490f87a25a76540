using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Referrals.Core.Payouts;

/// <summary>
/// Signed, expiring decision links for finance: the token carries run id, decision and expiry,
/// signed with HMAC-SHA256 under the host's secret. Opening a link only shows the run's page; its form
/// decides, and the host stores each used token's <see cref="Fingerprint"/> so a link decides at most once.
/// </summary>
public static class DecisionLink
{
    /// <summary>The token for deciding <paramref name="runId"/> with <paramref name="decision"/> until <paramref name="expires"/>.</summary>
    public static string Create(ReadOnlySpan<byte> key, string runId, PayoutDecisionKind decision, DateTimeOffset expires)
    {
        ArgumentNullException.ThrowIfNull(runId);
        var payload = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{runId}\n{decision}\n{expires.ToUnixTimeSeconds()}"));
        return Base64Url(payload) + "." + Base64Url(HMACSHA256.HashData(key, payload));
    }

    /// <summary>Checks a token's signature and expiry; the outcome names what is wrong with it.</summary>
    public static DecisionLinkCheck Verify(ReadOnlySpan<byte> key, string? token, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1024 || token.Split('.') is not [var payloadPart, var signaturePart])
        {
            return new DecisionLinkCheck.Tampered();
        }

        byte[] payload, signature;
        try
        {
            payload = FromBase64Url(payloadPart);
            signature = FromBase64Url(signaturePart);
        }
        catch (FormatException)
        {
            return new DecisionLinkCheck.Tampered();
        }

        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), signature))
        {
            return new DecisionLinkCheck.Tampered();
        }

        var parts = Encoding.UTF8.GetString(payload).Split('\n');
        if (parts.Length != 3
            || !Enum.TryParse<PayoutDecisionKind>(parts[1], out var decision)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return new DecisionLinkCheck.Tampered();
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return now >= expires
            ? new DecisionLinkCheck.Expired(parts[0], expires)
            : new DecisionLinkCheck.Valid(parts[0], decision, expires);
    }

    /// <summary>A short fingerprint of a token, to remember that it was used without storing it.</summary>
    public static string Fingerprint(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", 0 => string.Empty, _ => throw new FormatException() };
        return Convert.FromBase64String(padded);
    }
}
