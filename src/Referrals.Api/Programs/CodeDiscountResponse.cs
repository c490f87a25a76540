namespace Referrals.Api.Programs;

/// <summary>What a shop may know about a referral code typed at checkout: the buyer's discount, never the partner.</summary>
public sealed record CodeDiscountResponse(string Code, int DiscountPercent);
