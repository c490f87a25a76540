using Referrals.Core.Validation;

namespace Referrals.Core.Leads;

/// <summary>What registering a lead came to.</summary>
public abstract record RegisterLeadOutcome
{
    private RegisterLeadOutcome()
    {
    }

    public sealed record Registered(Lead Lead) : RegisterLeadOutcome;

    /// <summary>The customer is registered already, by <see cref="Holder"/>; the first registration keeps it.</summary>
    public sealed record AlreadyRegistered(Lead Holder) : RegisterLeadOutcome;

    public sealed record Invalid(ValidationErrors Errors) : RegisterLeadOutcome;

    public sealed record ProgramNotFound : RegisterLeadOutcome;

    /// <summary>The program is archived: it registers no new leads.</summary>
    public sealed record ProgramArchived : RegisterLeadOutcome;

    public sealed record PartnerNotFound : RegisterLeadOutcome;
}
