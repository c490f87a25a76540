using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Referrals.Api.ExchangeRates;

namespace Referrals.Functions.ExchangeRates;

/// <summary>
/// Every hour at a quarter past: fetches the published reference rates (<see cref="RatesOptions.SourceUrl"/>,
/// the ECB's daily file by default) and stores their day. The ECB publishes once a working day around
/// 16:00 CET; fetching hourly picks that up within the hour and retries a failed fetch without help.
/// Off when <c>Referrals:Rates:Fetch</c> is false.
/// </summary>
public sealed class ExchangeRateTimer(ReferenceRateFetcher fetcher, IOptions<RatesOptions> options)
{
    [Function("FetchExchangeRates")]
    public async Task RunAsync([TimerTrigger("0 15 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (options.Value.Fetch)
        {
            await fetcher.FetchAsync(cancellationToken);
        }
    }
}
