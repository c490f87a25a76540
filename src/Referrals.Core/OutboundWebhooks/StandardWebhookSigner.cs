using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Referrals.Core.OutboundWebhooks;

/// <summary>
/// Signs a delivery as Standard Webhooks does: <c>v1,</c> and the base64 HMAC-SHA256 of
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c> with the secret's key. While a rotated-out secret still
/// signs, both signatures go in the header, space-separated, so a receiver with either secret verifies.
/// </summary>
public static class StandardWebhookSigner
{
    public static string Sign(string webhookId, DateTimeOffset timestamp, string body, IEnumerable<string> secrets)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(secrets);
        var content = Encoding.UTF8.GetBytes($"{webhookId}.{UnixSeconds(timestamp)}.{body}");
        return string.Join(' ', secrets.Select(secret => "v1," + Convert.ToBase64String(HMACSHA256.HashData(WebhookSecret.Key(secret), content))));
    }

    /// <summary>The <c>webhook-timestamp</c> header: whole seconds since the Unix epoch.</summary>
    public static string UnixSeconds(DateTimeOffset timestamp) => timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
