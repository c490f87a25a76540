using Referrals.Core.Commissions;
using Referrals.Core.Partners;
using Referrals.Core.Programs;
using Referrals.Core.Validation;

namespace Referrals.Core.Groups;

/// <summary>
/// The one way a plan changes: a new version of the program's, a group's or a partner's own plan, in
/// force for conversions received from now on. Every route that changes a plan (the program's merge
/// patch, <c>PUT …/plan</c> of a program, group or partner) comes here, so a conversion resolves the same
/// way whichever route was used, and commissions already earned keep the version that produced them.
/// </summary>
public sealed class ChangePlan(IProgramStore programs, IPartnerStore partners, IPartnerGroups groups, IPartnerPlans partnerPlans, TimeProvider time)
{
    /// <summary>A new version of the program's own plan (its default group's).</summary>
    public Task<ChangePlanOutcome> ForProgramAsync(string programId, CommissionPlan? plan, string by, CancellationToken cancellationToken) =>
        ForGroupAsync(programId, PartnerGroup.DefaultId, plan, by, cancellationToken);

    /// <summary>A new version of a group's plan (<c>default</c> is the program's own).</summary>
    public async Task<ChangePlanOutcome> ForGroupAsync(string programId, string groupId, CommissionPlan? plan, string by, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(by);
        if (await programs.GetAsync(programId, cancellationToken) is not { } program)
        {
            return new ChangePlanOutcome.ProgramNotFound();
        }

        var group = groupId == PartnerGroup.DefaultId
            ? PartnerGroup.DefaultOf(program.Id, program.CreatedAt)
            : (await groups.ListAsync(program.Id, cancellationToken)).FirstOrDefault(candidate => candidate.Id == groupId);
        if (group is null)
        {
            return new ChangePlanOutcome.GroupNotFound();
        }

        if (Validate(plan) is { IsEmpty: false } errors)
        {
            return new ChangePlanOutcome.Invalid(errors);
        }

        // The default group continues from the program's own plan, version 1.
        var firstVersion = group.IsDefault ? program.Plan.Version + 1 : 1;
        var version = await groups.AddPlanVersionAsync(program.Id, group.Id, plan! with { Version = 1 }, time.GetUtcNow(), by, firstVersion, cancellationToken);
        return new ChangePlanOutcome.GroupPlanChanged(program, group, version);
    }

    /// <summary>
    /// Sets a plan for one partner alone (<paramref name="plan"/> given) or returns the partner to its
    /// group's plan (null). Either is a new entry of the partner's history; removing a plan the partner
    /// does not have records nothing.
    /// </summary>
    public async Task<ChangePlanOutcome> ForPartnerAsync(string partnerId, CommissionPlan? plan, bool remove, string by, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(by);
        if (await partners.GetAsync(partnerId, cancellationToken) is not { } partner
            || await programs.GetAsync(partner.ProgramId, cancellationToken) is not { } program)
        {
            return new ChangePlanOutcome.PartnerNotFound();
        }

        if (remove)
        {
            var history = await partnerPlans.ListAsync(partner.Id, cancellationToken);
            if (history.Count == 0 || history.MaxBy(entry => entry.Version)!.IsRemoval)
            {
                return new ChangePlanOutcome.NoPartnerPlan(program, partner.Id);
            }

            return new ChangePlanOutcome.PartnerPlanChanged(program, partner.Id, await partnerPlans.AddAsync(program.Id, partner.Id, null, time.GetUtcNow(), by, cancellationToken));
        }

        if (Validate(plan) is { IsEmpty: false } errors)
        {
            return new ChangePlanOutcome.Invalid(errors);
        }

        var added = await partnerPlans.AddAsync(program.Id, partner.Id, plan! with { Version = 1 }, time.GetUtcNow(), by, cancellationToken);
        return new ChangePlanOutcome.PartnerPlanChanged(program, partner.Id, added);
    }

    private static ValidationErrors Validate(CommissionPlan? plan)
    {
        var errors = new ValidationErrors();
        if (plan is null)
        {
            errors.Add("plan", "A plan is required, for example {\"kind\":\"percent\",\"percent\":20}.");
        }
        else
        {
            (plan with { Version = 1 }).Validate(errors, "plan");
        }

        return errors;
    }
}
