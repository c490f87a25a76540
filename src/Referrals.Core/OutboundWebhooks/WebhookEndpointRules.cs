using System.Net;
using Referrals.Core.Validation;

namespace Referrals.Core.OutboundWebhooks;

/// <summary>
/// What an endpoint may be: an absolute <c>https</c> URL without credentials (plain <c>http</c> only to
/// loopback, and only where private networks are allowed, i.e. in Development), at least one known event type.
/// Outside Development a URL naming a non-public address or <c>localhost</c> is refused here already;
/// names that resolve to such addresses are refused when the delivery connects.
/// </summary>
public static class WebhookEndpointRules
{
    public const int MaxUrlLength = 2_048;
    public const int MaxDescriptionLength = 500;

    public static void CheckUrl(string? url, bool allowPrivateNetworks, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(url))
        {
            errors.Add("url", "'url' is required: the https address that receives the events.");
            return;
        }

        if (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            errors.Add("url", $"'url' must be an absolute URL of at most {MaxUrlLength} characters.");
            return;
        }

        var loopback = IsLoopbackHost(uri);
        if (uri.Scheme == Uri.UriSchemeHttp && !(loopback && allowPrivateNetworks))
        {
            errors.Add("url", "'url' must use https (plain http is accepted only for a loopback receiver in Development).");
            return;
        }

        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            errors.Add("url", "'url' must use https.");
            return;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment))
        {
            errors.Add("url", "'url' must not carry credentials or a fragment.");
            return;
        }

        if (!allowPrivateNetworks
            && (loopback || (IPAddress.TryParse(uri.IdnHost, out var address) && !NetworkAddressPolicy.IsPublic(address))))
        {
            errors.Add("url", "'url' must point to a public address: loopback, private, link-local and metadata addresses are refused.");
        }
    }

    public static void CheckEvents(IReadOnlyList<string>? events, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (events is null || events.Count == 0)
        {
            errors.Add("events", $"'events' lists at least one event type: {string.Join(", ", WebhookEventTypes.All)}.");
            return;
        }

        var unknown = events.Where(type => type is null || !WebhookEventTypes.IsSubscribable(type)).Take(5).ToList();
        if (unknown.Count > 0)
        {
            errors.Add("events", $"'events' may list only {string.Join(", ", WebhookEventTypes.All)}.");
        }
    }

    public static void CheckDescription(string? description, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (description is { Length: > MaxDescriptionLength })
        {
            errors.Add("description", $"'description' has at most {MaxDescriptionLength} characters.");
        }
    }

    private static bool IsLoopbackHost(Uri uri) =>
        uri.IsLoopback || uri.IdnHost.Equals("localhost", StringComparison.OrdinalIgnoreCase) || uri.IdnHost.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
}
