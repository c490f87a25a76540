using System.Diagnostics.CodeAnalysis;

namespace Referrals.Storage;

/// <summary>The table and queue endpoints of an account named by one of its service URIs.</summary>
internal sealed record StorageEndpoints(Uri Tables, Uri Queues)
{
    private static readonly string[] Services = ["blob", "table", "queue", "file", "dfs", "web"];

    public static bool IsAccountUri(string value) =>
        value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// <c>https://acct.blob.core.windows.net/</c> (or any other service of the account, in any cloud)
    /// gives <c>https://acct.table.core.windows.net</c> and <c>https://acct.queue.core.windows.net</c>.
    /// </summary>
    public static bool TryFromAccountUri(string value, [NotNullWhen(true)] out StorageEndpoints? endpoints)
    {
        endpoints = null;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            return false;
        }

        var labels = uri.Host.Split('.');
        if (labels.Length < 4 || !Services.Contains(labels[1], StringComparer.OrdinalIgnoreCase) || labels[0].Length == 0)
        {
            return false;
        }

        var account = labels[0].ToLowerInvariant();
        var suffix = string.Join('.', labels[2..]);
        endpoints = new StorageEndpoints(
            new Uri($"https://{account}.table.{suffix}"),
            new Uri($"https://{account}.queue.{suffix}"));
        return true;
    }
}
