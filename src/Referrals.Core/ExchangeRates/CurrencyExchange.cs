using System.Globalization;

namespace Referrals.Core.ExchangeRates;

/// <summary>
/// How a conversion reported in another currency than its program's was converted: the amount as
/// reported (<see cref="Original"/>), the <see cref="Rate"/> applied, the day that rate was published
/// (<see cref="RateDay"/>) by <see cref="Source"/>, and the day it was wanted for (<see cref="Day"/>,
/// the sale's day). A refund or chargeback carries its sale's exchange, so it converts at the same rate.
/// </summary>
public sealed record CurrencyExchange(Money Original, decimal Rate, DateOnly RateDay, string Source, DateOnly Day)
{
    /// <summary>The exchange of <paramref name="original"/> at <paramref name="rate"/>, wanted for <paramref name="day"/>.</summary>
    public static CurrencyExchange Of(Money original, ExchangeRate rate, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(rate);
        return new CurrencyExchange(original, rate.Rate, rate.Day, rate.Source, day);
    }

    /// <summary>True when the day had no rate of its own and an earlier day's was used.</summary>
    public bool UsesEarlierRate => RateDay < Day;

    /// <summary><paramref name="amount"/> of <see cref="Original"/>'s currency converted to <paramref name="to"/> at this exchange's rate.</summary>
    public Money Convert(long amount, string to) => ExchangeRate.Convert(new Money(amount, Original.Currency), to, Rate);

    /// <summary>
    /// The exchange in a partner's words: <c>49.99 USD at 0.918189, ECB 2026-03-14</c>, and when the day
    /// had no rate, <c>, the latest before 2026-03-15</c>.
    /// </summary>
    public string Describe()
    {
        var text = $"{Original} at {ExchangeRate.Format(Rate)}, {Source} {Date(RateDay)}";
        return UsesEarlierRate ? $"{text}, the latest before {Date(Day)}" : text;
    }

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
