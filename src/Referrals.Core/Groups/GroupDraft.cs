using Referrals.Core.Commissions;
using Referrals.Core.Validation;

namespace Referrals.Core.Groups;

/// <summary>What a manager asks for when adding a group: its name and its plan (version 1).</summary>
public sealed record GroupDraft(string? Name, CommissionPlan? Plan)
{
    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > PartnerGroup.MaxNameLength)
        {
            errors.Add("name", $"'name' is required, at most {PartnerGroup.MaxNameLength} characters.");
        }
        else if (string.Equals(Name.Trim(), PartnerGroup.DefaultName, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("name", $"'{PartnerGroup.DefaultName}' is the name of the program's default group.");
        }

        if (Plan is null)
        {
            errors.Add("plan", "'plan' is required, for example {\"kind\":\"percent\",\"percent\":20}.");
        }
        else
        {
            Plan.Validate(errors, "plan");
        }

        return errors;
    }
}
