using Referrals.Core.Validation;

namespace Referrals.Core.Payouts;

/// <summary>What became of a request to start a payout run.</summary>
public abstract record StartPayoutRunOutcome
{
    private StartPayoutRunOutcome()
    {
    }

    /// <summary>The run of the period: new when <paramref name="Created"/>, else the one that existed.</summary>
    public sealed record Started(PayoutRun Run, bool Created) : StartPayoutRunOutcome;

    public sealed record ProgramNotFound : StartPayoutRunOutcome;

    public sealed record Invalid(ValidationErrors Errors) : StartPayoutRunOutcome;
}
