namespace Referrals.Core.Commissions;

/// <summary>
/// A step of a tiered plan: from <see cref="FromRevenue"/> (minor units of net revenue) or
/// <see cref="FromSales"/> (number of sales) in a period, the partner's percent commissions earn
/// <see cref="Percent"/>. The first tier may give neither: it starts from nothing.
/// </summary>
public sealed record CommissionTier(decimal Percent, long? FromRevenue = null, long? FromSales = null)
{
    /// <summary>Where the tier starts, in revenue or in sales.</summary>
    public long Threshold() => FromRevenue ?? FromSales ?? 0;
}
