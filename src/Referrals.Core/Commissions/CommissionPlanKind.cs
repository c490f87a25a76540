namespace Referrals.Core.Commissions;

/// <summary>How a plan turns a conversion into a commission, and the rule a commission was earned by.</summary>
public enum CommissionPlanKind
{
    /// <summary>A percentage of the sale's net amount.</summary>
    Percent,

    /// <summary>A fixed amount per sale, in the program's currency.</summary>
    Flat,

    /// <summary>A fixed amount per qualified lead; as a plan kind, sales earn nothing.</summary>
    Lead,

    /// <summary>The introducing partner's share of a commission earned by a partner it introduced.</summary>
    SecondTier,

    /// <summary>The extra a partner earns when its results in a period reach a higher tier, added when the period closes.</summary>
    Tier,
}
