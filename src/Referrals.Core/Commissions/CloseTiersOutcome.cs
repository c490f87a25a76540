using Referrals.Core.Payouts;

namespace Referrals.Core.Commissions;

/// <summary>What became of a request to close a period's tiers.</summary>
public abstract record CloseTiersOutcome
{
    private CloseTiersOutcome()
    {
    }

    /// <summary>The period is closed: <paramref name="Lines"/> are its tier lines (new or stored by an earlier close).</summary>
    public sealed record Closed(PayoutPeriod Period, IReadOnlyList<Commission> Lines) : CloseTiersOutcome
    {
        /// <summary>What the lines add up to, in minor units.</summary>
        public long Total => Lines.Sum(line => line.Amount.Amount);
    }

    public sealed record ProgramNotFound : CloseTiersOutcome;

    /// <summary>The period key does not name a period of the program's schedule.</summary>
    public sealed record InvalidPeriod(PayoutSchedule Schedule) : CloseTiersOutcome;
}
