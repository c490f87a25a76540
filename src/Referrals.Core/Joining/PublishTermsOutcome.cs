using Referrals.Core.Validation;

namespace Referrals.Core.Joining;

/// <summary>What publishing terms came to.</summary>
public abstract record PublishTermsOutcome
{
    private PublishTermsOutcome()
    {
    }

    public sealed record Published(ProgramTerms Terms) : PublishTermsOutcome;

    public sealed record Invalid(ValidationErrors Errors) : PublishTermsOutcome;

    public sealed record ProgramNotFound : PublishTermsOutcome;
}
