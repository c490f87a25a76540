namespace Referrals.Core.Links;

/// <summary>Whether a referral code still credits its partner.</summary>
public enum ReferralCodeStatus
{
    /// <summary>Credits its partner and gives its discount.</summary>
    Active,

    /// <summary>Credits nobody and gives no discount; it stays taken in its program.</summary>
    Retired,
}
