using Referrals.Core.Commissions;
using Referrals.Core.Programs;

namespace Referrals.Core.Attribution;

/// <summary>
/// How long a customer lock keeps a customer's renewals with the partner who first brought them: the
/// plan's recurring duration (<see cref="CommissionPlan.RecurringMonths"/>, counted in renewal months
/// as <see cref="CommissionCalculator.RenewalMonth"/> counts them), or the customer's lifetime when the
/// plan has none.
/// </summary>
public static class CustomerLockWindow
{
    /// <summary>The lock's length in months for <paramref name="program"/>, or null for the customer's lifetime.</summary>
    public static int? Months(ReferralProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        return program.Plan.RecurringMonths;
    }

    /// <summary>True when a lock taken at <paramref name="lockedAt"/> still holds at <paramref name="at"/>.</summary>
    public static bool Holds(ReferralProgram program, DateTimeOffset lockedAt, DateTimeOffset at) =>
        Months(program) is not { } months || CommissionCalculator.RenewalMonth(lockedAt, at) <= months;

    /// <summary>The window in a partner's words.</summary>
    public static string Describe(ReferralProgram program) => Months(program) switch
    {
        null => "the customer's lifetime",
        1 => "1 month",
        { } months => $"{months} months",
    };
}
