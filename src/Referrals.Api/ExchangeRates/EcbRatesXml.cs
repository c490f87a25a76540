using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Referrals.Core;
using Referrals.Core.ExchangeRates;

namespace Referrals.Api.ExchangeRates;

/// <summary>
/// Reads the ECB's reference-rate XML: the daily file (<c>eurofxref-daily.xml</c>, one day) and the
/// history files (<c>eurofxref-hist.xml</c>, <c>eurofxref-hist-90d.xml</c>, many days) share one shape:
/// <c>&lt;Cube time="2026-03-13"&gt;&lt;Cube currency="USD" rate="1.0891"/&gt;…</c>, rates per euro.
/// </summary>
/// <remarks>
/// Strict: a day without a valid date, a currency that is not an ISO 4217 code or a rate that is not a
/// positive number makes the whole file refused (<see cref="FormatException"/>), so a changed or broken
/// file never stores half of itself. DTDs are refused, as for any XML from the network.
/// </remarks>
public static class EcbRatesXml
{
    /// <summary>The namespace of the ECB's <c>Cube</c> elements.</summary>
    public static readonly XNamespace Namespace = "http://www.ecb.int/vocabulary/2002-08-01/eurofxref";

    public static IReadOnlyList<ReferenceRates> Parse(Stream xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(xml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true });
            document = XDocument.Load(reader);
        }
        catch (XmlException exception)
        {
            throw new FormatException($"The rates file is not well-formed XML: {exception.Message}", exception);
        }

        var days = new List<ReferenceRates>();
        foreach (var day in document.Descendants(Namespace + "Cube").Where(cube => cube.Attribute("time") is not null))
        {
            var time = (string)day.Attribute("time")!;
            if (!DateOnly.TryParseExact(time, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new FormatException($"The rates file has a day '{Shorten(time)}' that is not a yyyy-MM-dd date.");
            }

            var rates = new Dictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var cube in day.Elements(Namespace + "Cube"))
            {
                var currency = (string?)cube.Attribute("currency");
                var rate = (string?)cube.Attribute("rate");
                if (!Currency.IsKnown(currency) || currency == ReferenceRates.Euro)
                {
                    throw new FormatException($"The rates of {time} name '{Shorten(currency ?? string.Empty)}', which is not an ISO 4217 currency other than EUR.");
                }

                if (!decimal.TryParse(rate, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var perEuro) || perEuro <= 0)
                {
                    throw new FormatException($"The {currency} rate of {time} is '{Shorten(rate ?? string.Empty)}', not a positive number.");
                }

                if (!rates.TryAdd(currency!, perEuro))
                {
                    throw new FormatException($"The rates of {time} name {currency} twice.");
                }
            }

            if (rates.Count == 0)
            {
                throw new FormatException($"The rates file has no rates for {time}.");
            }

            days.Add(new ReferenceRates(date, ReferenceRates.Ecb, rates));
        }

        if (days.Count == 0)
        {
            throw new FormatException("The rates file has no day of rates (no <Cube time=\"…\"> element in the ECB's namespace).");
        }

        if (days.Select(day => day.Day).Distinct().Count() != days.Count)
        {
            throw new FormatException("The rates file lists a day twice.");
        }

        return days;
    }

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
