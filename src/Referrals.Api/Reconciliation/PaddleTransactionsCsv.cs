using Referrals.Api.Webhooks;
using Referrals.Core;
using Referrals.Core.Conversions;
using Referrals.Core.Reconciliation;

namespace Referrals.Api.Reconciliation;

/// <summary>
/// Paddle Billing's transactions report (Reports → Transactions), whose columns mirror the API's fields:
/// <c>id</c> (<c>txn_…</c>), <c>status</c>, <c>customer_id</c>, <c>origin</c>, <c>currency_code</c>,
/// <c>billed_at</c> or <c>created_at</c>, and the totals <c>total</c> and <c>tax</c> in major units. A transaction
/// is found by its id, the reference <c>transaction.completed</c> records, and compared on
/// <c>total − tax</c>, the base the webhook records. The report says nothing of refunds (Paddle lists
/// adjustments in a report of their own), so refunds are not compared.
/// </summary>
internal static class PaddleTransactionsCsv
{
    public static readonly string[] Required = ["id", "status", "customer_id", "origin", "currency_code", "total", "tax"];

    private static readonly string[] TimeColumns = ["billed_at", "created_at"];

    private static readonly HashSet<string> Paid = new(StringComparer.OrdinalIgnoreCase) { "completed", "paid" };

    private static readonly HashSet<string> NotPaid = new(StringComparer.OrdinalIgnoreCase) { "draft", "ready", "billed", "past_due", "canceled" };

    public static bool Recognizes(IReadOnlyCollection<string> header) =>
        Required.All(header.Contains) && TimeColumns.Any(header.Contains);

    public static IAsyncEnumerable<ExportRow> ReadAsync(TextReader text, CancellationToken cancellationToken) =>
        CsvExport.ReadAsync(text, HeaderProblem, Map, cancellationToken);

    private static string? HeaderProblem(IReadOnlyCollection<string> header) =>
        CsvFields.Lacks(header, Required) ?? (TimeColumns.Any(header.Contains) ? null : "the header lacks 'billed_at' or 'created_at'.");

    private static ExportRow Map(CsvFields row)
    {
        var line = row.Line;
        if (row["id"] is not { } id || id.Length > 200 || id.Any(char.IsControl))
        {
            return ExportRow.Refuse(line, "'id' is empty or not a Paddle id.");
        }

        var status = row["status"] ?? string.Empty;
        if (NotPaid.Contains(status))
        {
            return ExportRow.Skip(line);
        }

        if (!Paid.Contains(status))
        {
            return ExportRow.Refuse(line, $"'status' is '{Http.Problems.Shorten(status)}', not a transaction status (completed, paid, billed, past_due …).");
        }

        var currency = row["currency_code"]?.ToUpperInvariant();
        if (!Currency.IsKnown(currency))
        {
            return ExportRow.Refuse(line, $"'currency_code' is '{Http.Problems.Shorten(row["currency_code"] ?? string.Empty)}', not an ISO 4217 code.");
        }

        if (ExportAmounts.ToMinor(row["total"] ?? string.Empty, currency!) is not { } total)
        {
            return ExportRow.Refuse(line, $"'total' is '{Http.Problems.Shorten(row["total"] ?? string.Empty)}', not an amount in {currency} such as 49.99.");
        }

        if (ExportAmounts.ToMinor(row["tax"] ?? "0", currency!) is not { } tax || tax > total)
        {
            return ExportRow.Refuse(line, $"'tax' is '{Http.Problems.Shorten(row["tax"] ?? string.Empty)}', not an amount in {currency} up to the total.");
        }

        var timeText = TimeColumns.Select(column => row[column]).FirstOrDefault(value => value is not null) ?? string.Empty;
        if (ExportAmounts.ToTime(timeText) is not { } billed)
        {
            return ExportRow.Refuse(line, $"'billed_at' is '{Http.Problems.Shorten(timeText)}', not an RFC 3339 time.");
        }

        var net = total - tax;
        if (net == 0)
        {
            // Nothing paid (a trial or a full discount): the webhook records nothing either.
            return ExportRow.Skip(line);
        }

        var draft = new ConversionDraft(
            id,
            row["origin"] == "subscription_recurring" ? ConversionType.Renewal : ConversionType.Sale,
            net,
            currency,
            row["customer_id"] ?? id,
            OccurredAt: billed);
        var payment = new ExportPayment(line, PaddleEvents.Source, [id], billed, new Money(net, currency!), null, draft, new PaymentDetails(PaymentReference: id));
        return new ExportRow(line, payment, null);
    }
}
