namespace Referrals.Core.ExchangeRates;

/// <summary>
/// Exchange rates from the stored ECB reference rates: the day's publication, else the latest earlier
/// one that has both currencies, at most <see cref="LookbackDays"/> days back.
/// </summary>
public sealed class StoredExchangeRates(IReferenceRateStore store) : IExchangeRates
{
    /// <summary>
    /// How far back a missing day's rate may come from: long enough for the longest run of ECB closing
    /// days (Easter, Christmas to New Year), short enough that a stopped rates job is noticed as refusals.
    /// </summary>
    public const int LookbackDays = 10;

    public async Task<ExchangeRate?> FindAsync(string from, string to, DateOnly day, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(from);
        ArgumentException.ThrowIfNullOrEmpty(to);
        if (from == to)
        {
            return new ExchangeRate(from, to, 1m, day, ReferenceRates.Ecb);
        }

        var days = await store.ListAsync(ReferenceRates.Ecb, day.AddDays(-LookbackDays), day, cancellationToken);
        return days
            .Where(rates => rates.Day <= day)
            .OrderByDescending(rates => rates.Day)
            .Select(rates => rates.Between(from, to))
            .FirstOrDefault(rate => rate is not null);
    }
}
