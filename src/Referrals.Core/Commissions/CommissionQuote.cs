namespace Referrals.Core.Commissions;

/// <summary>The amount a plan gives for a conversion, with the rule, rate, base and plan version behind it.</summary>
public sealed record CommissionQuote(CommissionPlanKind Rule, decimal? Rate, Money Base, Money Amount, string Explanation, int PlanVersion = 1);
