namespace Referrals.Core.Joining;

/// <summary>Where an application stands: waiting for review, or decided once and for all.</summary>
public enum ApplicationStatus
{
    Pending,
    Approved,
    Rejected,
}
