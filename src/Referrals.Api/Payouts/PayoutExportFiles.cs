using System.Globalization;
using System.Text;
using CsvHelper;
using Referrals.Core.Payouts;

namespace Referrals.Api.Payouts;

/// <summary>
/// The export files of a paid run, each in the column layout its importer documents. Amounts are major
/// units with the currency's minor digits and a dot, whatever the server's culture. Text a partner or a
/// manager typed (names, e-mails, descriptions) that starts with <c>= + - @</c>, a tab or a CR is written
/// with a leading <c>'</c>, so a spreadsheet opening the file shows it as text instead of running it as a
/// formula (CSV injection); numbers are never escaped, so a journal's credits stay negative numbers.
/// </summary>
public static class PayoutExportFiles
{
    public const string ContentType = "text/csv";

    /// <summary>
    /// PayPal Payouts Web ("Use Web UI"): no header row; per payout the recipient (PayPal e-mail), the
    /// amount, the currency (one per file), a customer id of at most 30 characters without spaces (the
    /// line's reference), the note to the recipient (at most 400 characters) and the recipient wallet
    /// <c>PAYPAL</c>. See https://developer.paypal.com/payouts/use-payouts/send-money/use-web-ui and
    /// https://developer.paypal.com/docs/payouts/standard/payouts-web ("In the first row, enter the
    /// payout information for the first recipient"). PayPal takes at most 5,000 rows per file.
    /// </summary>
    public static byte[] PayPal(PayoutRun run, string programName, PayoutExportSelection selection)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(selection);
        return Write(csv =>
        {
            foreach (var paid in selection.Included)
            {
                csv.WriteField(paid.Details!.PayPalEmail!);
                WriteAmount(csv, paid.Line.Amount, run.Currency);
                csv.WriteField(run.Currency);
                csv.WriteField(paid.Line.Reference);
                csv.WriteField(Truncate($"Commission {run.PeriodKey} from {programName}, reference {paid.Line.Reference}", 400));
                csv.WriteField("PAYPAL");
                csv.EndRecord();
            }
        });
    }

    /// <summary>
    /// Wise batch payment, the "Send to bank accounts" template for IBAN currencies (such as EUR):
    /// <c>name,recipientEmail,paymentReference,receiverType,amountCurrency,amount,sourceCurrency,targetCurrency,IBAN</c>
    /// (see https://wise.com/help/articles/2663302/how-do-i-fill-in-my-batch-template). The name is the
    /// account holder, as on the bank account; <c>amountCurrency</c> is <c>target</c>, so the partner gets
    /// the exact amount and the fees are ours; source and target currency are the run's.
    /// </summary>
    public static byte[] Wise(PayoutRun run, PayoutExportSelection selection)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(selection);
        return Write(csv =>
        {
            Header(csv, "name", "recipientEmail", "paymentReference", "receiverType", "amountCurrency", "amount", "sourceCurrency", "targetCurrency", "IBAN");
            foreach (var paid in selection.Included)
            {
                csv.WriteField(paid.Details!.AccountHolder!);
                csv.WriteField(paid.Email);
                csv.WriteField(paid.Line.Reference);
                csv.WriteField("PERSON");
                csv.WriteField("target");
                WriteAmount(csv, paid.Line.Amount, run.Currency);
                csv.WriteField(run.Currency);
                csv.WriteField(run.Currency);
                csv.WriteField(paid.Details.Iban!);
                csv.EndRecord();
            }
        });
    }

    /// <summary>
    /// Xero's manual journal import ("Import manual journals"): every row with the same narration and date
    /// is one journal; the amount is a debit when positive and a credit when negative; the tax rate is the
    /// rate's full name; tracking columns are left empty. The date is written as <c>d MMM yyyy</c>, one of
    /// the two forms Xero reads, and the one no region reads as month first. Xero imports at most 300 rows
    /// per file (150 partners). See https://help.xero.com/nz/ManualJournalsImport.
    /// </summary>
    public static byte[] Journal(PayoutJournal journal, string currency, string taxRate)
    {
        ArgumentNullException.ThrowIfNull(journal);
        return Write(csv =>
        {
            Header(csv, "*Narration", "*Date", "Description", "*AccountCode", "*TaxRate", "*Amount", "TrackingName1", "TrackingOption1", "TrackingName2", "TrackingOption2");
            var date = journal.Date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
            foreach (var line in journal.Lines)
            {
                csv.WriteField(journal.Narration);
                csv.WriteField(date);
                csv.WriteField(line.Description);
                csv.WriteField(line.AccountCode);
                csv.WriteField(taxRate);
                WriteAmount(csv, line.Amount, currency);
                for (var tracking = 0; tracking < 4; tracking++)
                {
                    csv.WriteField(string.Empty);
                }

                csv.EndRecord();
            }
        });
    }

    /// <summary>The download's file name: <c>paypal-{runId}.csv</c> and so on.</summary>
    public static string NameOf(PayoutExportFormat format, string runId) => $"{PayoutExportFormats.Token(format)}-{runId}.csv";

    /// <summary>Minor units as major units with the currency's digits, invariant: 3700 EUR → 37.00, -500 JPY → -500.</summary>
    public static decimal Major(long minorUnits, string currency)
    {
        var scale = 1m;
        for (var digit = Core.Currency.MinorDigits(currency); digit > 0; digit--)
        {
            scale *= 10;
        }

        return minorUnits / scale;
    }

    private static void WriteAmount(CsvWriter csv, long minorUnits, string currency) =>
        csv.WriteField(Major(minorUnits, currency), "F" + Core.Currency.MinorDigits(currency).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static void Header(CsvWriter csv, params string[] names)
    {
        foreach (var name in names)
        {
            csv.WriteField(name);
        }

        csv.EndRecord();
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    private static byte[] Write(Action<CsvWriter> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions { Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture }, true))
        {
            rows(csv);
            csv.Flush();
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
