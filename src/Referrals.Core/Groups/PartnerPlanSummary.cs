using Referrals.Core.Commissions;

namespace Referrals.Core.Groups;

/// <summary>
/// What a partner earns under now, as a partner is shown: its group, where the plan comes from (its own
/// plan, its group's or the program's), the plan's version and the plan in words.
/// </summary>
public sealed record PartnerPlanSummary(string GroupId, string GroupName, PlanSource Source, int Version, CommissionPlan Plan, string Description)
{
    public static PartnerPlanSummary Of(PlanInForce inForce, string currency)
    {
        ArgumentNullException.ThrowIfNull(inForce);
        return new(inForce.GroupId, inForce.GroupName, inForce.Source, inForce.Version, inForce.Plan, inForce.Plan.Describe(currency));
    }
}
