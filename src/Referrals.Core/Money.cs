namespace Referrals.Core;

/// <summary>An amount in integer minor units (cents) of an ISO 4217 currency. Never a floating point value.</summary>
public readonly record struct Money(long Amount, string Currency)
{
    /// <summary>The largest amount accepted anywhere: ten billion major units of a two-digit currency.</summary>
    public const long MaxAmount = 1_000_000_000_000;

    public static Money Zero(string currency) => new(0, currency);

    public Money Add(Money other)
    {
        EnsureSameCurrency(other);
        return this with { Amount = checked(Amount + other.Amount) };
    }

    public Money Negate() => this with { Amount = -Amount };

    /// <summary>
    /// <paramref name="percent"/> of this amount, rounded half away from zero to a whole minor unit,
    /// the rounding a partner checking by hand expects.
    /// </summary>
    public Money Percent(decimal percent) =>
        this with { Amount = (long)Math.Round(Amount * percent / 100m, 0, MidpointRounding.AwayFromZero) };

    /// <summary>Formats with the currency's minor digits, e.g. <c>120.50 EUR</c>.</summary>
    public override string ToString()
    {
        var digits = Core.Currency.MinorDigits(Currency);
        if (digits == 0)
        {
            return $"{Amount} {Currency}";
        }

        var divisor = (decimal)Math.Pow(10, digits);
        return (Amount / divisor).ToString("F" + digits, System.Globalization.CultureInfo.InvariantCulture) + " " + Currency;
    }

    private void EnsureSameCurrency(Money other)
    {
        if (!string.Equals(Currency, other.Currency, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Cannot combine {Currency} with {other.Currency}.");
        }
    }
}
