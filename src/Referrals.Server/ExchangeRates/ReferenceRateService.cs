using Microsoft.Extensions.Options;
using Referrals.Api.ExchangeRates;

namespace Referrals.Server.ExchangeRates;

/// <summary>
/// Keeps the reference rates current beside the queue workers: at start it seeds the sample rates when
/// <see cref="RatesOptions.Seed"/> is on (local runs), then it fetches the published rates at once and
/// every <see cref="RatesOptions.FetchInterval"/> while <see cref="RatesOptions.Fetch"/> is on. A fetch
/// stores the same day again, so several instances fetching at once need no lease; a failed fetch is
/// logged and tried again at the next interval, while conversions use the latest earlier day's rate.
/// </summary>
internal sealed partial class ReferenceRateService(
    IServiceProvider services, IOptions<RatesOptions> options, TimeProvider time, ILogger<ReferenceRateService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Seed)
        {
            await RunAsync(() => SeedAsync(stoppingToken), stoppingToken);
        }

        if (!settings.Fetch)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.FetchInterval, time);
        do
        {
            await RunAsync(() => services.GetRequiredService<ReferenceRateFetcher>().FetchAsync(stoppingToken), stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SeedAsync(CancellationToken stoppingToken)
    {
        var added = await services.GetRequiredService<ReferenceRateSeeder>().SeedAsync(stoppingToken);
        LogSeeded(logger, added);
    }

    private async Task RunAsync(Func<Task> work, CancellationToken stoppingToken)
    {
        try
        {
            await work();
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested && exception is not OutOfMemoryException)
        {
            LogFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Days} day(s) of sample reference rates")]
    private static partial void LogSeeded(ILogger logger, int days);

    [LoggerMessage(Level = LogLevel.Error, Message = "Keeping the reference rates current failed; conversions use the latest stored day, and the fetch runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
