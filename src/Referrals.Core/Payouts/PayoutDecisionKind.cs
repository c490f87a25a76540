namespace Referrals.Core.Payouts;

/// <summary>What finance decides about a run.</summary>
public enum PayoutDecisionKind
{
    Approve,
    Reject,
}
