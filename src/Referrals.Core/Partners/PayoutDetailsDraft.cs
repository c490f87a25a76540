using System.Net.Mail;
using Referrals.Core.Validation;

namespace Referrals.Core.Partners;

/// <summary>What a partner enters as payout details: a method, and the PayPal e-mail or the IBAN and account holder.</summary>
public sealed record PayoutDetailsDraft(PayoutMethod? Method, string? PayPalEmail = null, string? Iban = null, string? AccountHolder = null)
{
    public const int MaxAccountHolderLength = 140;

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        switch (Method)
        {
            case PayoutMethod.PayPal:
                if (string.IsNullOrWhiteSpace(PayPalEmail) || PayPalEmail.Length > 254 || !MailAddress.TryCreate(PayPalEmail.Trim(), out var parsed) || parsed.Address != PayPalEmail.Trim())
                {
                    errors.Add("payPalEmail", "'payPalEmail' must be the e-mail address of the PayPal account, such as ada@example.com.");
                }

                if (Iban is not null || AccountHolder is not null)
                {
                    errors.Add("iban", "PayPal takes only 'payPalEmail'; leave out 'iban' and 'accountHolder'.");
                }

                break;
            case PayoutMethod.Bank or PayoutMethod.Wise:
                if (!IbanNumber.IsValid(Iban))
                {
                    errors.Add("iban", "'iban' must be a valid IBAN (country code, check digits and account number, such as DE89 3704 0044 0532 0130 00).");
                }

                if (string.IsNullOrWhiteSpace(AccountHolder) || AccountHolder.Trim().Length > MaxAccountHolderLength)
                {
                    errors.Add("accountHolder", $"'accountHolder' is the name on the account, at most {MaxAccountHolderLength} characters.");
                }

                if (PayPalEmail is not null)
                {
                    errors.Add("payPalEmail", "A bank or Wise payout takes 'iban' and 'accountHolder', not 'payPalEmail'.");
                }

                break;
            default:
                errors.Add("method", "'method' must be payPal, bank or wise.");
                break;
        }

        return errors;
    }

    /// <summary>The details this (valid) draft describes, the IBAN in its compact form.</summary>
    public PayoutDetails ToDetails() => Method == PayoutMethod.PayPal
        ? new PayoutDetails(PayoutMethod.PayPal, PayPalEmail!.Trim(), null, null)
        : new PayoutDetails(Method!.Value, null, IbanNumber.Compact(Iban!), AccountHolder!.Trim());
}
