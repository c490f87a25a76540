using Referrals.Core.Payouts;

namespace Referrals.Core.Statements;

/// <summary>What became of a request for a partner's statement.</summary>
public abstract record ReadStatementOutcome
{
    private ReadStatementOutcome()
    {
    }

    public sealed record Found(PartnerStatement Statement) : ReadStatementOutcome;

    public sealed record PartnerNotFound : ReadStatementOutcome;

    /// <summary>The period key does not name a period of the program's schedule.</summary>
    public sealed record InvalidPeriod(PayoutSchedule Schedule) : ReadStatementOutcome;
}
