namespace Referrals.Core.Commissions;

/// <summary>A manager's decision on a flagged commission.</summary>
public enum ReviewDecision
{
    /// <summary>Not fraud: the commission goes on as pending.</summary>
    Approve,

    /// <summary>Fraud: the commission is rejected and never paid.</summary>
    Reject,
}
