namespace Referrals.Core.Payouts;

/// <summary>
/// A partner's line in a payout run, in minor units of the run's currency: <see cref="CarriedIn"/>
/// (the balance carried from earlier periods), <see cref="Earned"/> (new commissions),
/// <see cref="Reversals"/> (negative entries for refunds and chargebacks, ≤ 0) and their sum
/// <see cref="Amount"/>, with the number of commission entries behind it.
/// </summary>
public sealed record PayoutLine(
    string RunId,
    string PartnerId,
    string Currency,
    long CarriedIn,
    long Earned,
    long Reversals,
    long Amount,
    int Commissions,
    PayoutLineStatus Status,
    string Note,
    string? HoldReason = null)
{
    /// <summary>The payment reference for the bank or payment platform: stable per run and partner, 29 characters.</summary>
    public string Reference => Identifiers.Stable("po", RunId, PartnerId);
}
