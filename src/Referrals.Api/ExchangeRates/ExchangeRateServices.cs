using Microsoft.Extensions.DependencyInjection.Extensions;
using Referrals.Core.ExchangeRates;

namespace Referrals.Api.ExchangeRates;

/// <summary>The reference rates both hosts use: the rates conversions are converted at, the fetch and the sample seeding.</summary>
public static class ExchangeRateServices
{
    public static IHostApplicationBuilder AddExchangeRates(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<RatesOptions>().BindConfiguration(RatesOptions.Section)
            .Validate(options => options.Problem() is null, $"{RatesOptions.Section}: SourceUrl must be an absolute http(s) URL and FetchInterval between 00:01:00 and 1.00:00:00.")
            .ValidateOnStart();
        services.TryAddSingleton<IExchangeRates, StoredExchangeRates>();
        services.TryAddSingleton<ReferenceRateSeeder>();
        services.AddHttpClient<ReferenceRateFetcher>(client => client.Timeout = TimeSpan.FromSeconds(30));
        return builder;
    }
}
