namespace Referrals.Core.Partners;

/// <summary>
/// Where a partner's money goes: a PayPal e-mail, or an IBAN and the account holder for a bank transfer or
/// Wise. Kept encrypted; shown only <see cref="Masked"/>.
/// </summary>
public sealed record PayoutDetails(PayoutMethod Method, string? PayPalEmail, string? Iban, string? AccountHolder)
{
    /// <summary>The details as they may be shown: the e-mail's first letter and domain, the IBAN's country and last four.</summary>
    public string Masked() => Method == PayoutMethod.PayPal
        ? $"PayPal {MaskEmail(PayPalEmail ?? string.Empty)}"
        : $"{(Method == PayoutMethod.Wise ? "Wise" : "Bank transfer")} {MaskIban(Iban ?? string.Empty)} ({AccountHolder})";

    public static string MaskEmail(string email)
    {
        var at = email.LastIndexOf('@');
        return at <= 0 ? "***" : $"{email[0]}***{email[at..]}";
    }

    public static string MaskIban(string iban) => iban.Length < 8 ? "****" : $"{iban[..2]}** **** {iban[^4..]}";
}
