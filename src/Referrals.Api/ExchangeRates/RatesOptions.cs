namespace Referrals.Api.ExchangeRates;

/// <summary>Settings of the reference rates, section <c>Referrals:Rates</c>.</summary>
public sealed class RatesOptions
{
    public const string Section = "Referrals:Rates";

    /// <summary>The ECB's daily reference rates (published on TARGET working days around 16:00 CET).</summary>
    public const string EcbDailyUrl = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml";

    /// <summary>
    /// Where the scheduled job fetches rates from: the ECB's daily file, or its 90-day history
    /// (<c>eurofxref-hist-90d.xml</c>) to fill days a stopped job missed.
    /// </summary>
    public string SourceUrl { get; set; } = EcbDailyUrl;

    /// <summary>Run the scheduled fetch (the server's worker, the Functions app's timer).</summary>
    public bool Fetch { get; set; } = true;

    /// <summary>How often the server's worker fetches; each fetch stores the file's days again, so more often is harmless.</summary>
    public TimeSpan FetchInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Load the sample rates in the repository (<c>eurofxref-sample.xml</c>) at start, for local runs: days already stored are kept.</summary>
    public bool Seed { get; set; }

    /// <summary>The first problem with these settings, or null.</summary>
    public string? Problem() =>
        !Uri.TryCreate(SourceUrl, UriKind.Absolute, out var source) || (source.Scheme != Uri.UriSchemeHttps && source.Scheme != Uri.UriSchemeHttp)
            ? $"{Section}:SourceUrl must be an absolute http(s) URL such as {EcbDailyUrl}."
            : FetchInterval < TimeSpan.FromMinutes(1) || FetchInterval > TimeSpan.FromDays(1)
                ? $"{Section}:FetchInterval must lie between 00:01:00 and 1.00:00:00."
                : null;
}
