using Referrals.Core.Validation;

namespace Referrals.Core.Payouts;

/// <summary>What became of finance's decision about a run.</summary>
public abstract record PayoutDecisionResult
{
    private PayoutDecisionResult()
    {
    }

    /// <summary>Decided: the run in its new state and the lines that are now held back.</summary>
    public sealed record Decided(PayoutRun Run, IReadOnlyList<PayoutLine> HeldLines) : PayoutDecisionResult;

    /// <summary>The run is not waiting for a decision (already decided, expired, or not calculated yet).</summary>
    public sealed record NotAwaiting(PayoutRunState State) : PayoutDecisionResult;

    /// <summary>The deadline has passed: the run expires instead.</summary>
    public sealed record PastDeadline(DateTimeOffset Deadline) : PayoutDecisionResult;

    /// <summary>The decision itself is incomplete.</summary>
    public sealed record Invalid(ValidationErrors Errors) : PayoutDecisionResult;

    /// <summary>There is no such run.</summary>
    public sealed record NotFound : PayoutDecisionResult;
}
