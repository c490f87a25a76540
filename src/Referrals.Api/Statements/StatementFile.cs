using System.Globalization;
using CsvHelper;
using Referrals.Core;
using Referrals.Core.Statements;

namespace Referrals.Api.Statements;

/// <summary>A statement as CSV, one row per entry: the period's commissions (with how each was computed), then the tier and the payout line.</summary>
public static class StatementFile
{
    public const string ContentType = "text/csv";

    public static string NameOf(PartnerStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return $"statement-{statement.Partner.Id}-{statement.Period.Key}.csv";
    }

    public static byte[] Build(PartnerStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var currency = statement.Program.Currency;
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions(), true))
        {
            void Row(string kind, string date, string rule, string status, long? amount, string description)
            {
                csv.WriteField(statement.Period.Key);
                csv.WriteField(kind);
                csv.WriteField(date);
                csv.WriteField(rule);
                csv.WriteField(status);
                csv.WriteField(amount is { } value ? Major(value, currency) : string.Empty);
                csv.WriteField(currency);
                csv.WriteField(description);
                csv.EndRecord();
            }

            foreach (var header in (string[])["period", "kind", "date", "rule", "status", "amount", "currency", "description"])
            {
                csv.WriteField(header);
            }

            csv.EndRecord();
            foreach (var rule in statement.Rules)
            {
                foreach (var entry in rule.Entries)
                {
                    Row("commission", entry.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Lower(entry.Rule), Lower(entry.Status), entry.Amount.Amount, entry.Explanation);
                }
            }

            Row("sales", string.Empty, string.Empty, string.Empty, statement.Revenue.Amount, $"{statement.Sales} sale(s)");
            Row("refunds", string.Empty, string.Empty, string.Empty, -statement.Refunded.Amount, $"{statement.Refunds} refund(s)");
            if (statement.Tier is { } tier)
            {
                Row("tier", string.Empty, string.Empty, string.Empty, null, $"{tier.Reached} {tier.ToNext}");
            }

            if (statement.Line is { } line)
            {
                Row("payout", string.Empty, string.Empty, Lower(line.Status), line.Amount, line.Note);
            }

            csv.Flush();
        }

        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Major(long amount, string currency)
    {
        var digits = Currency.MinorDigits(currency);
        return (amount / (decimal)Math.Pow(10, digits)).ToString("F" + digits, CultureInfo.InvariantCulture);
    }

    private static string Lower<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
