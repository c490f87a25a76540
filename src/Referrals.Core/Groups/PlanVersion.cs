using Referrals.Core.Commissions;

namespace Referrals.Core.Groups;

/// <summary>
/// One version of a group's plan: <see cref="Plan"/> applies to conversions received from
/// <see cref="EffectiveFrom"/> until the next version's. <see cref="Version"/> counts per group (the
/// default group continues from the program's own plan, version 1).
/// </summary>
public sealed record PlanVersion(string ProgramId, string GroupId, int Version, CommissionPlan Plan, DateTimeOffset EffectiveFrom, string ChangedBy);
