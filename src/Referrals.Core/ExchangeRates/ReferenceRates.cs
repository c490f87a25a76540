namespace Referrals.Core.ExchangeRates;

/// <summary>
/// One day's reference rates of one publisher: how many units of each currency one euro buys
/// (<c>1 EUR = 1.0891 USD</c>), as the ECB publishes them every working day around 16:00 CET.
/// </summary>
public sealed record ReferenceRates(DateOnly Day, string Source, IReadOnlyDictionary<string, decimal> PerEuro)
{
    /// <summary>The name the European Central Bank's reference rates are stored and explained under.</summary>
    public const string Ecb = "ECB";

    /// <summary>The base every rate is quoted against.</summary>
    public const string Euro = "EUR";

    /// <summary>True when this day has a rate for <paramref name="currency"/> (the euro always has one).</summary>
    public bool Covers(string currency) => currency == Euro || PerEuro.ContainsKey(currency);

    /// <summary>
    /// The rate from <paramref name="from"/> to <paramref name="to"/> on this day, through the euro:
    /// <c>(EUR→to) / (EUR→from)</c>, rounded half-even to <see cref="ExchangeRate.SignificantDigits"/>
    /// significant digits; null when either currency has no rate this day.
    /// </summary>
    public ExchangeRate? Between(string from, string to)
    {
        ArgumentException.ThrowIfNullOrEmpty(from);
        ArgumentException.ThrowIfNullOrEmpty(to);
        if (!TryPerEuro(from, out var fromPerEuro) || !TryPerEuro(to, out var toPerEuro) || fromPerEuro <= 0 || toPerEuro <= 0)
        {
            return null;
        }

        var rate = from == to ? 1m : ExchangeRate.RoundSignificant(toPerEuro / fromPerEuro);
        return new ExchangeRate(from, to, rate, Day, Source);
    }

    private bool TryPerEuro(string currency, out decimal perEuro)
    {
        if (currency == Euro)
        {
            perEuro = 1m;
            return true;
        }

        return PerEuro.TryGetValue(currency, out perEuro);
    }
}
