using System.Globalization;
using Referrals.Core;
using Referrals.Core.Reconciliation;

namespace Referrals.Api.Reconciliation;

/// <summary>
/// A reconciliation's lines as CSV, written while they are read (never built in memory): category, payment
/// id, line, time, export and recorded amounts in major units, what differs, the conversion.
/// </summary>
public static class ReconciliationFile
{
    public const string ContentType = "text/csv";

    public static string NameOf(string reconciliationId) => $"reconciliation-{reconciliationId}.csv";

    public static async Task WriteAsync(Stream output, IAsyncEnumerable<ReconciliationItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        await using var text = new StreamWriter(output, new System.Text.UTF8Encoding(false), 65536, leaveOpen: true);
        await text.WriteAsync(Line(["category", "payment_id", "line", "occurred_at", "export_amount", "export_refunded", "export_currency",
            "conversion_id", "recorded_amount", "recorded_refunded", "recorded_currency", "differences", "replayed_conversion_id"]));
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            await text.WriteAsync(Line([
                item.Category.ToString().ToLowerInvariant(),
                item.PaymentId,
                item.Line?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                item.OccurredAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? string.Empty,
                Major(item.ExportPaid?.Amount, item.ExportPaid?.Currency),
                Major(item.ExportRefunded, item.ExportPaid?.Currency),
                item.ExportPaid?.Currency ?? string.Empty,
                item.ConversionId ?? string.Empty,
                Major(item.RecordedPaid?.Amount, item.RecordedPaid?.Currency),
                Major(item.RecordedRefunded, item.RecordedPaid?.Currency),
                item.RecordedPaid?.Currency ?? string.Empty,
                item.Differences ?? string.Empty,
                item.ReplayedConversionId ?? string.Empty,
            ]));
        }

        await text.FlushAsync(cancellationToken);
    }

    /// <summary>One CSV line; a field with a comma, quote or line break is quoted, and one a spreadsheet would run as a formula is prefixed with a quote mark.</summary>
    private static string Line(string[] fields) => string.Join(',', fields.Select(Field)) + "\r\n";

    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string Major(long? amount, string? currency)
    {
        if (amount is not { } minor || currency is null)
        {
            return string.Empty;
        }

        var digits = Currency.MinorDigits(currency);
        return (minor / (decimal)Math.Pow(10, digits)).ToString("F" + digits, CultureInfo.InvariantCulture);
    }
}
