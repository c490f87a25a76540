namespace Referrals.Core.Commissions;

/// <summary>What a refund, chargeback or reinstatement does: the commission with its new running totals, and the entry that records the change.</summary>
public sealed record CommissionAdjustment(Commission Original, Commission Entry);
