namespace Referrals.Core.Commissions;

/// <summary>How long a customer's renewals earn, when not a number of months.</summary>
public enum CommissionRecurrence
{
    /// <summary>Every renewal earns, for as long as the customer pays.</summary>
    Lifetime,
}
