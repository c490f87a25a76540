using System.Globalization;
using CsvHelper;
using Referrals.Core.Partners;
using Referrals.Core.Payouts;

namespace Referrals.Api.Payouts;

/// <summary>The payout file of a paid run for the bank or payment platform: partner, e-mail, amount (major units), currency, reference.</summary>
public static class PayoutFile
{
    public const string ContentType = "text/csv";

    public static string NameOf(string runId) => $"payouts-{runId}.csv";

    public static async Task<byte[]> BuildAsync(PayoutRun run, IPayoutRunStore runs, IPartnerStore partners, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions(), true))
        {
            foreach (var header in (string[])["partner", "email", "amount", "currency", "reference"])
            {
                csv.WriteField(header);
            }

            csv.EndRecord();
            var digits = Core.Currency.MinorDigits(run.Currency);
            await foreach (var line in runs.StreamLinesAsync(run.Id, cancellationToken))
            {
                if (line.Status != PayoutLineStatus.Paid)
                {
                    continue;
                }

                var partner = await partners.GetAsync(line.PartnerId, cancellationToken);
                csv.WriteField(line.PartnerId);
                csv.WriteField(partner?.Email ?? string.Empty);
                csv.WriteField((line.Amount / (decimal)Math.Pow(10, digits)).ToString("F" + digits, CultureInfo.InvariantCulture));
                csv.WriteField(line.Currency);
                csv.WriteField(line.Reference);
                csv.EndRecord();
            }

            csv.Flush();
        }

        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }
}
