using System.Security.Cryptography;

namespace Referrals.Core.OutboundWebhooks;

/// <summary>An endpoint's signing secret in the Standard Webhooks form: <c>whsec_</c> and the base64 of 32 random bytes.</summary>
public static class WebhookSecret
{
    public const string Prefix = "whsec_";
    private const int KeyBytes = 32;

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));

    /// <summary>The HMAC key behind <paramref name="secret"/> (the bytes after the prefix).</summary>
    public static byte[] Key(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);
    }
}
