using Referrals.Core.Programs;
using Referrals.Core.Validation;

namespace Referrals.Core.Groups;

/// <summary>What came of changing a program's, a group's or a partner's plan.</summary>
public abstract record ChangePlanOutcome
{
    private ChangePlanOutcome()
    {
    }

    /// <summary>A new version of a group's plan (the <c>default</c> group's is the program's).</summary>
    public sealed record GroupPlanChanged(ReferralProgram Program, PartnerGroup Group, PlanVersion Version) : ChangePlanOutcome;

    /// <summary>A new entry of a partner's own plan history: a plan, or the end of the override.</summary>
    public sealed record PartnerPlanChanged(ReferralProgram Program, string PartnerId, PartnerPlanVersion Version) : ChangePlanOutcome;

    /// <summary>The partner has no plan of its own to remove; nothing was recorded.</summary>
    public sealed record NoPartnerPlan(ReferralProgram Program, string PartnerId) : ChangePlanOutcome;

    public sealed record Invalid(ValidationErrors Errors) : ChangePlanOutcome;

    public sealed record ProgramNotFound : ChangePlanOutcome;

    public sealed record GroupNotFound : ChangePlanOutcome;

    public sealed record PartnerNotFound : ChangePlanOutcome;
}
