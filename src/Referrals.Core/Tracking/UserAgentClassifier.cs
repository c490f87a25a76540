using System.Buffers;

namespace Referrals.Core.Tracking;

/// <summary>
/// Sorts clicks by client and flags the ones no person made: crawlers, link unfurlers (chat apps
/// fetching a preview), HTTP tools and browser prefetches. Bot clicks are stored but never attributed.
/// </summary>
public static class UserAgentClassifier
{
    // One multi-string search over the User-Agent, ignoring case: it runs on every redirect.
    private static readonly SearchValues<string> BotMarkers = SearchValues.Create(
    [
        "bot", "crawler", "spider", "slurp", "facebookexternalhit", "facebookcatalog", "embedly", "preview",
        "whatsapp", "telegram", "skypeuripreview", "vkshare", "pinterest", "quora link", "bitlybot", "outbrain",
        "headlesschrome", "phantomjs", "lighthouse", "curl/", "wget/", "python-requests", "python-urllib",
        "httpclient", "okhttp", "go-http-client", "java/", "libwww", "scrapy", "axios/", "node-fetch", "postman",
        "insomnia", "monitor", "uptime", "validator", "feedfetcher", "mediapartners", "google-inspectiontool",
    ],
    StringComparison.OrdinalIgnoreCase);

    /// <summary>Classifies a click from its User-Agent and whether the browser marked it as a prefetch.</summary>
    public static (UserAgentClass Class, bool IsBot) Classify(string? userAgent, bool isPrefetch)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return (UserAgentClass.Unknown, true);
        }

        var ua = userAgent.AsSpan();
        if (ua.ContainsAny(BotMarkers))
        {
            return (UserAgentClass.Bot, true);
        }

        var @class = Has(ua, "ipad") || Has(ua, "tablet") || (Has(ua, "android") && !Has(ua, "mobile"))
            ? UserAgentClass.Tablet
            : Has(ua, "mobi") || Has(ua, "iphone")
                ? UserAgentClass.Mobile
                : ua.StartsWith("mozilla/", StringComparison.OrdinalIgnoreCase) || ua.StartsWith("opera", StringComparison.OrdinalIgnoreCase)
                    ? UserAgentClass.Desktop
                    : UserAgentClass.Unknown;
        return (@class, isPrefetch);
    }

    private static bool Has(ReadOnlySpan<char> userAgent, string marker) =>
        userAgent.Contains(marker, StringComparison.OrdinalIgnoreCase);
}
