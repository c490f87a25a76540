namespace Referrals.Core.Reconciliation;

/// <summary>What replay did with a missing payment.</summary>
public enum ReplayOutcome
{
    /// <summary>Recorded now: a new conversion, on its way to attribution.</summary>
    Created,

    /// <summary>Recorded before (an earlier replay, or its webhook arrived meanwhile): nothing changed.</summary>
    Duplicate,

    /// <summary>Not recordable (too old, another currency, fields a conversion needs): the reason says which.</summary>
    Refused,
}
