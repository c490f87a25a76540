using Referrals.Core.Leads;
using Referrals.Core.Links;
using Referrals.Core.Partners;
using Referrals.Core.Tracking;

namespace Referrals.Core.Attribution;

/// <summary>
/// What was found for a conversion before deciding: the click its click id names, the referral code
/// it carries, the customer's lock and registered lead, and the partners those point to (by id).
/// <see cref="LockPlan"/>: the plan in force for the lock's partner when the conversion arrived, whose
/// recurring duration is the lock's window (<see cref="CustomerLockWindow"/>); null means the program's own.
/// </summary>
public sealed record AttributionEvidence(
    Click? Click,
    ReferralCode? ReferralCode,
    IReadOnlyDictionary<string, Partner> Partners,
    CustomerLock? CustomerLock = null,
    Lead? Lead = null,
    Groups.PlanInForce? LockPlan = null)
{
    public static AttributionEvidence None { get; } = new(null, null, new Dictionary<string, Partner>());
}
