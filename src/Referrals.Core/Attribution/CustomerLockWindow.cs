using Referrals.Core.Commissions;

namespace Referrals.Core.Attribution;

/// <summary>
/// How long a customer lock keeps a customer's renewals with the partner who first brought them: the
/// recurring duration (<see cref="CommissionPlan.RecurringMonths"/>, counted in renewal months as
/// <see cref="CommissionCalculator.RenewalMonth"/> counts them) of the plan in force for the lock's partner
/// when the renewal arrives, the plan that would pay it (<see cref="AttributionEvidence.LockPlan"/>), or the
/// customer's lifetime when that plan has none. A plan change thus reaches locks as it reaches commissions:
/// for renewals that arrive after it.
/// </summary>
public static class CustomerLockWindow
{
    /// <summary>The lock's length in months under <paramref name="plan"/>, or null for the customer's lifetime.</summary>
    public static int? Months(CommissionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.RecurringMonths;
    }

    /// <summary>True when a lock taken at <paramref name="lockedAt"/> still holds at <paramref name="at"/>.</summary>
    public static bool Holds(CommissionPlan plan, DateTimeOffset lockedAt, DateTimeOffset at) =>
        Months(plan) is not { } months || CommissionCalculator.RenewalMonth(lockedAt, at) <= months;

    /// <summary>The window in a partner's words.</summary>
    public static string Describe(CommissionPlan plan) => Months(plan) switch
    {
        null => "the customer's lifetime",
        1 => "1 month",
        { } months => $"{months} months",
    };
}
