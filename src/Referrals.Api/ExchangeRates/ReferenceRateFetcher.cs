using Microsoft.Extensions.Options;
using Referrals.Core.ExchangeRates;

namespace Referrals.Api.ExchangeRates;

/// <summary>
/// Fetches the published reference rates from <see cref="RatesOptions.SourceUrl"/> and stores every day
/// the file holds, replacing what was stored for those days (the publisher's figures win over the sample
/// ones). Idempotent, so the server's worker and the Functions app's timer may both run it, as often as they like.
/// </summary>
public sealed partial class ReferenceRateFetcher(HttpClient http, IReferenceRateStore store, IOptions<RatesOptions> options, ILogger<ReferenceRateFetcher> logger)
{
    /// <summary>The largest file read: the ECB's whole history since 1999 is a few megabytes.</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    /// <summary>Fetches, parses and stores; returns the days stored. Throws when the file cannot be fetched or read.</summary>
    public async Task<int> FetchAsync(CancellationToken cancellationToken)
    {
        var source = new Uri(options.Value.SourceUrl);
        using var response = await http.GetAsync(source, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The rates source answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        }

        if (response.Content.Headers.ContentLength > MaxBytes)
        {
            throw new InvalidDataException($"The rates file is larger than {MaxBytes} bytes.");
        }

        using var buffer = new MemoryStream();
        await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken))
        {
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    throw new InvalidDataException($"The rates file is larger than {MaxBytes} bytes.");
                }

                buffer.Write(chunk, 0, read);
            }
        }

        buffer.Position = 0;
        var days = EcbRatesXml.Parse(buffer);
        foreach (var day in days)
        {
            await store.SaveAsync(day, cancellationToken);
        }

        var latest = days.Max(day => day.Day);
        LogFetched(logger, days.Count, latest);
        return days.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored {Days} day(s) of reference rates, the latest of {Latest}")]
    private static partial void LogFetched(ILogger logger, int days, DateOnly latest);
}
