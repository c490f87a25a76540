namespace Referrals.Core.Tracking;

/// <summary>
/// Sorts clicks by client and flags the ones no person made: crawlers, link unfurlers (chat apps
/// fetching a preview), HTTP tools and browser prefetches. Bot clicks are stored but never attributed.
/// </summary>
public static class UserAgentClassifier
{
    private static readonly string[] BotMarkers =
    [
        "bot", "crawler", "spider", "slurp", "facebookexternalhit", "facebookcatalog", "embedly", "preview",
        "whatsapp", "telegram", "skypeuripreview", "vkshare", "pinterest", "quora link", "bitlybot", "outbrain",
        "headlesschrome", "phantomjs", "lighthouse", "curl/", "wget/", "python-requests", "python-urllib",
        "httpclient", "okhttp", "go-http-client", "java/", "libwww", "scrapy", "axios/", "node-fetch", "postman",
        "insomnia", "monitor", "uptime", "validator", "feedfetcher", "mediapartners", "google-inspectiontool",
    ];

    /// <summary>Classifies a click from its User-Agent and whether the browser marked it as a prefetch.</summary>
    public static (UserAgentClass Class, bool IsBot) Classify(string? userAgent, bool isPrefetch)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return (UserAgentClass.Unknown, true);
        }

        var ua = userAgent.ToLowerInvariant();
        if (BotMarkers.Any(marker => ua.Contains(marker, StringComparison.Ordinal)))
        {
            return (UserAgentClass.Bot, true);
        }

        var @class = ua.Contains("ipad", StringComparison.Ordinal) || ua.Contains("tablet", StringComparison.Ordinal)
                || (ua.Contains("android", StringComparison.Ordinal) && !ua.Contains("mobile", StringComparison.Ordinal))
            ? UserAgentClass.Tablet
            : ua.Contains("mobi", StringComparison.Ordinal) || ua.Contains("iphone", StringComparison.Ordinal)
                ? UserAgentClass.Mobile
                : ua.StartsWith("mozilla/", StringComparison.Ordinal) || ua.StartsWith("opera", StringComparison.Ordinal)
                    ? UserAgentClass.Desktop
                    : UserAgentClass.Unknown;
        return (@class, isPrefetch);
    }
}
