namespace Referrals.Core.Commissions;

/// <summary>How a plan turns a conversion into a commission.</summary>
public enum CommissionPlanKind
{
    /// <summary>A percentage of the sale's net amount.</summary>
    Percent,

    /// <summary>A fixed amount per sale, in the program's currency.</summary>
    Flat,
}
