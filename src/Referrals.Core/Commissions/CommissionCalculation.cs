namespace Referrals.Core.Commissions;

/// <summary>What a plan gives for a conversion: a <see cref="Quote"/>, or none, and in both cases why.</summary>
public sealed record CommissionCalculation(CommissionQuote? Quote, string Reason);
