namespace Referrals.Core.Payouts;

/// <summary>A run's sums in minor units of its currency: what is to be paid, carried over and held back.</summary>
public sealed record PayoutTotals(int Lines, int PayableLines, long Payable, int CarriedLines, long Carried, int HeldLines = 0, long Held = 0);
