using Referrals.Core.Programs;

namespace Referrals.Core.Payouts;

/// <summary>
/// Which period of a program must be closed and paid by now, and what its close does. Pure, so the
/// server's scheduler and the Functions timer (and the orchestration it starts) take the same decisions:
/// when a period ends in the program's time zone, its run closes the tiers first (a step of the run,
/// <see cref="PayoutStep.CloseTiers"/>), then collects the commissions with the tier lines.
/// </summary>
public static class PeriodClosePlanner
{
    /// <summary>
    /// The period to close at <paramref name="now"/>: the latest one that ended in the program's time
    /// zone, or null when the program did not exist yet when it ended.
    /// </summary>
    public static PayoutPeriod? PeriodToClose(ReferralProgram program, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(program);
        var settings = program.Payouts;
        var period = PayoutPeriod.LastClosed(now, settings.Schedule, settings.Zone);
        return program.CreatedAt < period.End ? period : null;
    }
}
