using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Referrals.Core.Access;

/// <summary>
/// A partner's magic sign-in link: the token carries partner id, a random link id and expiry, signed
/// with HMAC-SHA256 under the host's key. The host exchanges a valid token for a session once (it
/// records the link id), so a forwarded or leaked link that was already used opens nothing.
/// </summary>
public static class SignInLink
{
    /// <summary>How long a link may wait before it is opened.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public static string Create(ReadOnlySpan<byte> key, string partnerId, string linkId, DateTimeOffset expires)
    {
        ArgumentNullException.ThrowIfNull(partnerId);
        ArgumentNullException.ThrowIfNull(linkId);
        var payload = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{partnerId}\n{linkId}\n{expires.ToUnixTimeSeconds()}"));
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key, payload));
    }

    /// <summary>Checks a token's signature and expiry; the outcome names what is wrong with it.</summary>
    public static SignInLinkCheck Verify(ReadOnlySpan<byte> key, string? token, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512 || token.Split('.') is not [var payloadPart, var signaturePart]
            || !Base64Url.IsValid(payloadPart) || !Base64Url.IsValid(signaturePart))
        {
            return new SignInLinkCheck.Tampered();
        }

        var payload = Base64Url.DecodeFromChars(payloadPart);
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), Base64Url.DecodeFromChars(signaturePart)))
        {
            return new SignInLinkCheck.Tampered();
        }

        if (Encoding.UTF8.GetString(payload).Split('\n') is not [var partnerId, var linkId, var expiry]
            || !long.TryParse(expiry, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return new SignInLinkCheck.Tampered();
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return now >= expires ? new SignInLinkCheck.Expired() : new SignInLinkCheck.Valid(partnerId, linkId, expires);
    }
}
