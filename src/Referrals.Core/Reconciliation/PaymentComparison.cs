using System.Globalization;
using Referrals.Core.Conversions;

namespace Referrals.Core.Reconciliation;

/// <summary>How a payment of an export compares with the recorded one, in words finance can act on.</summary>
public static class PaymentComparison
{
    /// <summary>What differs in amount or currency, or null when nothing does.</summary>
    public static string? Amounts(Money exported, Conversion recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var paid = new Money(recorded.Paid, recorded.Reported.Currency);
        if (exported.Currency != paid.Currency)
        {
            return $"currency: export {exported.Currency}, recorded {paid.Currency}";
        }

        return exported.Amount != paid.Amount ? $"amount: export {exported}, recorded {paid}" : null;
    }

    /// <summary>What differs in the refunded amount, or null when the export does not say or both agree.</summary>
    public static string? Refunds(long? exported, long recorded, string currency) =>
        exported is { } total && total != recorded
            ? string.Create(CultureInfo.InvariantCulture, $"refunded: export {new Money(total, currency)}, recorded {new Money(recorded, currency)}")
            : null;
}
