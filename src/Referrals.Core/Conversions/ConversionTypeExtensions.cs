namespace Referrals.Core.Conversions;

/// <summary>The groups of conversion types the rules treat alike.</summary>
public static class ConversionTypeExtensions
{
    /// <summary>A payment that can earn a commission: a sale or a renewal.</summary>
    public static bool IsPayment(this ConversionType type) => type is ConversionType.Sale or ConversionType.Renewal;

    /// <summary>A change to an earlier payment (refund, chargeback, reinstatement): it moves that payment's commission.</summary>
    public static bool IsAdjustment(this ConversionType type) =>
        type is ConversionType.Refund or ConversionType.Chargeback or ConversionType.Reinstatement;
}
