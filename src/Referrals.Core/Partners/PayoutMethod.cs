namespace Referrals.Core.Partners;

/// <summary>How a partner wants to be paid.</summary>
public enum PayoutMethod
{
    /// <summary>To a PayPal account, by its e-mail address.</summary>
    PayPal = 1,

    /// <summary>A bank transfer to an IBAN.</summary>
    Bank = 2,

    /// <summary>Through Wise, to an IBAN.</summary>
    Wise = 3,
}
