using Referrals.Core.Partners;

namespace Referrals.Core.Payouts;

/// <summary>
/// Which paid lines go into an export and which are listed as missing, with the reason. Every paid line
/// is in exactly one of the two, so the file's total plus the missing total is the run's paid total.
/// </summary>
public sealed record PayoutExportSelection(PayoutExportFormat Format, IReadOnlyList<PaidPartnerLine> Included, IReadOnlyList<MissingPayoutDetails> Missing)
{
    /// <summary>The sum of the included lines, in minor units.</summary>
    public long IncludedAmount => Included.Sum(line => line.Line.Amount);

    /// <summary>The sum of the missing lines, in minor units.</summary>
    public long MissingAmount => Missing.Sum(line => line.Amount);

    /// <summary>
    /// Splits the paid lines for <paramref name="format"/>. PayPal takes partners with a PayPal e-mail;
    /// Wise takes partners with an IBAN (method Wise, or bank transfer, which Wise pays to the same IBAN);
    /// the journal books every paid line, as it needs no payout details.
    /// </summary>
    public static PayoutExportSelection For(PayoutExportFormat format, IEnumerable<PaidPartnerLine> paid)
    {
        ArgumentNullException.ThrowIfNull(paid);
        var included = new List<PaidPartnerLine>();
        var missing = new List<MissingPayoutDetails>();
        foreach (var line in paid)
        {
            if (MissingReason(format, line.Details) is { } reason)
            {
                missing.Add(new MissingPayoutDetails(line.Line.PartnerId, line.Name, line.Line.Amount, reason));
            }
            else
            {
                included.Add(line);
            }
        }

        return new PayoutExportSelection(format, included, missing);
    }

    private static string? MissingReason(PayoutExportFormat format, PayoutDetails? details) => format switch
    {
        PayoutExportFormat.Journal => null,
        _ when details is null => "No payout details.",
        PayoutExportFormat.PayPal when details.Method != PayoutMethod.PayPal || string.IsNullOrEmpty(details.PayPalEmail) =>
            $"Payout details are {details.Masked()}, not PayPal.",
        PayoutExportFormat.Wise when details.Method == PayoutMethod.PayPal || string.IsNullOrEmpty(details.Iban) || string.IsNullOrEmpty(details.AccountHolder) =>
            $"Payout details are {details.Masked()}, not an IBAN.",
        _ => null,
    };
}
