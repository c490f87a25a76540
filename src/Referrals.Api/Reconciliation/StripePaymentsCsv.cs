using Referrals.Api.Webhooks;
using Referrals.Core;
using Referrals.Core.Conversions;
using Referrals.Core.Reconciliation;

namespace Referrals.Api.Reconciliation;

/// <summary>
/// Stripe Dashboard's payments export (Payments → Export): <c>id</c> (the charge), <c>Created (UTC)</c>
/// (<c>2026-03-14 09:30</c>), <c>Amount</c> and <c>Amount Refunded</c> in major units, <c>Currency</c>,
/// <c>Status</c>, and when chosen <c>PaymentIntent ID</c>, <c>Invoice ID</c>, <c>Customer ID</c>,
/// <c>Customer Email</c>, <c>Tax</c> and metadata columns (<c>ref_click (metadata)</c>, <c>ref_code (metadata)</c>,
/// <c>product_id (metadata)</c>). A payment is found by its payment intent, its invoice or its charge: the
/// references the webhooks record. Failed, uncaptured or canceled payments are no payment and are skipped.
/// </summary>
internal static class StripePaymentsCsv
{
    public static readonly string[] Required = ["id", "Amount", "Amount Refunded", "Currency", "Status"];

    private static readonly string[] CreatedColumns = ["Created (UTC)", "Created date (UTC)"];

    private static readonly HashSet<string> Paid = new(StringComparer.OrdinalIgnoreCase) { "Paid", "Succeeded", "Refunded", "Partially refunded", "partially_refunded", "Disputed" };

    private static readonly HashSet<string> NotPaid = new(StringComparer.OrdinalIgnoreCase)
    {
        "Failed", "Uncaptured", "Canceled", "Cancelled", "Pending", "Incomplete", "Blocked", "Expired", "requires_payment_method", "requires_action",
    };

    /// <summary>True when the header row is Stripe's: every required column and a creation time.</summary>
    public static bool Recognizes(IReadOnlyCollection<string> header) =>
        Required.All(header.Contains) && CreatedColumns.Any(header.Contains);

    public static IAsyncEnumerable<ExportRow> ReadAsync(TextReader text, CancellationToken cancellationToken) =>
        CsvExport.ReadAsync(text, HeaderProblem, Map, cancellationToken);

    private static string? HeaderProblem(IReadOnlyCollection<string> header) =>
        CsvFields.Lacks(header, Required) ?? (CreatedColumns.Any(header.Contains) ? null : "the header lacks 'Created (UTC)'.");

    private static ExportRow Map(CsvFields row)
    {
        var line = row.Line;
        if (row["id"] is not { } id || !Printable(id))
        {
            return ExportRow.Refuse(line, "'id' is empty or not a Stripe id.");
        }

        var status = row["Status"] ?? string.Empty;
        if (NotPaid.Contains(status))
        {
            return ExportRow.Skip(line);
        }

        if (!Paid.Contains(status))
        {
            return ExportRow.Refuse(line, $"'Status' is '{Problems(status)}', not a status of Stripe's payments export (Paid, Refunded, Failed …).");
        }

        var currency = row["Currency"]?.ToUpperInvariant();
        if (!Currency.IsKnown(currency))
        {
            return ExportRow.Refuse(line, $"'Currency' is '{Problems(row["Currency"] ?? string.Empty)}', not an ISO 4217 code.");
        }

        if (ExportAmounts.ToMinor(row["Amount"] ?? string.Empty, currency!) is not { } amount || amount == 0)
        {
            return ExportRow.Refuse(line, $"'Amount' is '{Problems(row["Amount"] ?? string.Empty)}', not an amount in {currency} such as 49.99.");
        }

        if (ExportAmounts.ToMinor(row["Amount Refunded"] ?? "0", currency!) is not { } refunded)
        {
            return ExportRow.Refuse(line, $"'Amount Refunded' is '{Problems(row["Amount Refunded"] ?? string.Empty)}', not an amount in {currency}.");
        }

        if (ExportAmounts.ToMinor(row["Tax"] ?? "0", currency!) is not { } tax)
        {
            return ExportRow.Refuse(line, $"'Tax' is '{Problems(row["Tax"] ?? string.Empty)}', not an amount in {currency}.");
        }

        var createdText = CreatedColumns.Select(column => row[column]).FirstOrDefault(value => value is not null) ?? string.Empty;
        if (ExportAmounts.ToTime(createdText) is not { } created)
        {
            return ExportRow.Refuse(line, $"'Created (UTC)' is '{Problems(createdText)}', not a time such as 2026-03-14 09:30.");
        }

        var intent = row["PaymentIntent ID"];
        var invoice = row["Invoice ID"];
        if (new[] { intent, invoice }.Any(value => value is not null && !Printable(value)))
        {
            return ExportRow.Refuse(line, "'PaymentIntent ID' or 'Invoice ID' is not a Stripe id.");
        }

        var references = new[] { intent, invoice, id }.OfType<string>().Distinct(StringComparer.Ordinal).ToList();

        // What the webhook would have recorded: an invoice's payment under the invoice, a one-time payment under its payment intent.
        var reference = invoice ?? intent ?? id;
        var draft = new ConversionDraft(
            reference,
            ConversionType.Sale,
            Math.Max(0, amount - tax),
            currency,
            row["Customer ID"] ?? row["Customer Email"] ?? reference,
            StripeEvents.AsClickId(row["ref_click (metadata)"]),
            row["ref_code (metadata)"],
            row["product_id (metadata)"],
            created);
        var payment = new PaymentDetails(PaymentReference: reference, PaidAmount: amount, Aliases: [.. references.Where(other => other != reference)]);
        return new ExportRow(line, new ExportPayment(line, StripeEvents.Source, references, created, new Money(amount, currency!), refunded, draft, payment), null);
    }

    private static bool Printable(string value) => value.Length <= 200 && !value.Any(char.IsControl);

    private static string Problems(string value) => Http.Problems.Shorten(value);
}
