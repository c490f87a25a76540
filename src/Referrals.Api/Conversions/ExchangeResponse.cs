using System.Globalization;
using Referrals.Core.ExchangeRates;

namespace Referrals.Api.Conversions;

/// <summary>
/// How a conversion reported in another currency was converted: <c>amount</c> and <c>currency</c> as
/// reported, the <c>rate</c> applied (units of the program's currency per unit of the reported one),
/// <c>rateDate</c> the day the rate was published, <c>source</c> its publisher (<c>ECB</c>), and
/// <c>forDate</c> the day it was wanted for (a later one when that day had no rate of its own).
/// </summary>
public sealed record ExchangeResponse(long Amount, string Currency, decimal Rate, string RateDate, string Source, string ForDate)
{
    public static ExchangeResponse? From(CurrencyExchange? exchange) => exchange is null
        ? null
        : new(
            exchange.Original.Amount,
            exchange.Original.Currency,
            exchange.Rate,
            exchange.RateDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            exchange.Source,
            exchange.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
}
