using System.Globalization;

namespace Referrals.Core.ExchangeRates;

/// <summary>
/// How many units of <see cref="To"/> one unit of <see cref="From"/> is worth, as published by
/// <see cref="Source"/> for <see cref="Day"/>. Cross rates (USD to GBP) are derived from the EUR-based
/// reference rates by <see cref="ReferenceRates.Between"/>.
/// </summary>
/// <remarks>
/// Money is converted in minor units and rounded half-even (banker's rounding) to a whole minor unit of
/// the target currency: <c>round(amount × rate × 10^(digits(To) − digits(From)))</c>. Half-even rather
/// than half away from zero so that converting many amounts does not drift upwards on average.
/// </remarks>
public sealed record ExchangeRate(string From, string To, decimal Rate, DateOnly Day, string Source)
{
    /// <summary>The significant digits a derived rate keeps: more than the 5 of ECB's own rates, so deriving loses nothing that matters.</summary>
    public const int SignificantDigits = 6;

    /// <summary><paramref name="amount"/> (in <see cref="From"/>) in <see cref="To"/>, rounded half-even to a whole minor unit.</summary>
    public Money Convert(Money amount)
    {
        if (!string.Equals(amount.Currency, From, StringComparison.Ordinal))
        {
            throw new ArgumentException($"This rate converts {From}, not {amount.Currency}.", nameof(amount));
        }

        return Convert(amount, To, Rate);
    }

    /// <summary><paramref name="amount"/> converted to <paramref name="to"/> at <paramref name="rate"/>, rounded half-even to a whole minor unit.</summary>
    public static Money Convert(Money amount, string to, decimal rate)
    {
        ArgumentException.ThrowIfNullOrEmpty(to);
        var shift = Currency.MinorDigits(to) - Currency.MinorDigits(amount.Currency);
        var scaled = amount.Amount * rate;
        for (var i = 0; i < Math.Abs(shift); i++)
        {
            scaled = shift > 0 ? scaled * 10 : scaled / 10;
        }

        return new Money((long)Math.Round(scaled, 0, MidpointRounding.ToEven), to);
    }

    /// <summary><paramref name="value"/> rounded half-even to <paramref name="digits"/> significant digits.</summary>
    public static decimal RoundSignificant(decimal value, int digits = SignificantDigits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 1);
        if (value == 0)
        {
            return 0;
        }

        var magnitude = 0;
        var absolute = Math.Abs(value);
        while (absolute >= 10)
        {
            absolute /= 10;
            magnitude++;
        }

        while (absolute < 1)
        {
            absolute *= 10;
            magnitude--;
        }

        var decimals = digits - 1 - magnitude;
        if (decimals >= 0)
        {
            return Math.Round(value, Math.Min(decimals, 28), MidpointRounding.ToEven);
        }

        var factor = 1m;
        for (var i = 0; i < -decimals; i++)
        {
            factor *= 10;
        }

        return Math.Round(value / factor, 0, MidpointRounding.ToEven) * factor;
    }

    /// <summary>The rate as written in an explanation: invariant, without trailing zeros (<c>0.918189</c>).</summary>
    public static string Format(decimal rate) => rate.ToString("0.############################", CultureInfo.InvariantCulture);
}
