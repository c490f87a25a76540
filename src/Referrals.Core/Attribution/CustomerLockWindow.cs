using Referrals.Core.Programs;

namespace Referrals.Core.Attribution;

/// <summary>
/// How long a customer lock keeps a customer's renewals with the partner who first brought them: the
/// program's recurring duration. Until commission plans carry a recurring duration, a lock lasts for
/// the customer's lifetime.
/// </summary>
public static class CustomerLockWindow
{
    /// <summary>The lock's length for <paramref name="program"/>, or null for the customer's lifetime.</summary>
    public static TimeSpan? For(ReferralProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);

        // The plan's recurring months are read here once the commission plan has them; lifetime until then.
        return null;
    }

    /// <summary>True when a lock taken at <paramref name="lockedAt"/> still holds at <paramref name="at"/>.</summary>
    public static bool Holds(ReferralProgram program, DateTimeOffset lockedAt, DateTimeOffset at) =>
        For(program) is not { } window || at - lockedAt <= window;

    /// <summary>The window in a partner's words.</summary>
    public static string Describe(ReferralProgram program) =>
        For(program) is { } window ? $"{Math.Round(window.TotalDays / 30.4375)} months" : "the customer's lifetime";
}
