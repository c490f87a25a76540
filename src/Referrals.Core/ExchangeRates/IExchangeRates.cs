namespace Referrals.Core.ExchangeRates;

/// <summary>The exchange rate that applies to money of one currency on a day.</summary>
public interface IExchangeRates
{
    /// <summary>
    /// The rate from <paramref name="from"/> to <paramref name="to"/> for <paramref name="day"/>: that
    /// day's, else the latest earlier one within <see cref="StoredExchangeRates.LookbackDays"/> days
    /// (weekends and holidays have none); null when there is none.
    /// </summary>
    Task<ExchangeRate?> FindAsync(string from, string to, DateOnly day, CancellationToken cancellationToken);
}
