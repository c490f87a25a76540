using System.Text;
using Referrals.Api.Webhooks;
using Referrals.Core.Reconciliation;

namespace Referrals.Api.Reconciliation;

/// <summary>
/// Tells which export a body is and reads it. The <c>format</c> query parameter decides when given;
/// otherwise the content decides: a first line that is a JSON object (or an <c>application/x-ndjson</c> /
/// <c>application/jsonl</c> body) is Stripe events, a CSV header row with Stripe's payments columns is
/// Stripe's payments export, one with Paddle's transaction columns is Paddle's.
/// </summary>
public static class ExportReader
{
    /// <summary>The <c>format</c> values, as the API names them.</summary>
    public static IReadOnlyDictionary<string, ExportFormat> Formats { get; } = new Dictionary<string, ExportFormat>(StringComparer.OrdinalIgnoreCase)
    {
        ["stripe-payments"] = ExportFormat.StripePayments,
        ["stripe-events"] = ExportFormat.StripeEvents,
        ["paddle-transactions"] = ExportFormat.PaddleTransactions,
    };

    /// <summary>Strict UTF-8: a byte that is no UTF-8 stops the read instead of becoming a replacement character.</summary>
    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string NameOf(ExportFormat format) => Formats.First(pair => pair.Value == format).Key;

    /// <summary>The provider source the format's payments were recorded under by the webhooks.</summary>
    public static string SourceOf(ExportFormat format) => format == ExportFormat.PaddleTransactions ? PaddleEvents.Source : StripeEvents.Source;

    /// <summary>The format of an export from its content type and first line, or null when it is none we read.</summary>
    public static ExportFormat? Detect(string? contentType, string firstLine)
    {
        ArgumentNullException.ThrowIfNull(firstLine);
        var media = contentType?.Split(';')[0].Trim();
        var line = firstLine.TrimStart('\uFEFF').Trim();
        if (media is "application/x-ndjson" or "application/jsonl" or "application/json-lines" || line.StartsWith('{'))
        {
            return ExportFormat.StripeEvents;
        }

        var header = line.Split(',').Select(name => name.Trim().Trim('"').Trim()).ToHashSet(StringComparer.Ordinal);
        return StripePaymentsCsv.Recognizes(header) ? ExportFormat.StripePayments
            : PaddleTransactionsCsv.Recognizes(header) ? ExportFormat.PaddleTransactions
            : null;
    }

    /// <summary>The rows of an export, one at a time; after a row with a problem nothing more is read.</summary>
    public static IAsyncEnumerable<ExportRow> ReadAsync(ExportFormat format, TextReader text, CancellationToken cancellationToken) => format switch
    {
        ExportFormat.StripePayments => StripePaymentsCsv.ReadAsync(text, cancellationToken),
        ExportFormat.StripeEvents => StripeEventLines.ReadAsync(text, cancellationToken),
        _ => PaddleTransactionsCsv.ReadAsync(text, cancellationToken),
    };
}
