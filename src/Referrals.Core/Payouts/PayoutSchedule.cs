namespace Referrals.Core.Payouts;

/// <summary>How often a program pays its partners: one payout run per period.</summary>
public enum PayoutSchedule
{
    /// <summary>Calendar months in the program's time zone.</summary>
    Monthly,

    /// <summary>Weeks from Monday 00:00 in the program's time zone.</summary>
    Weekly,
}
