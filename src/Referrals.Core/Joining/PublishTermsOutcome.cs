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

    /// <summary>The program is archived: it publishes no new terms.</summary>
    public sealed record ProgramArchived : PublishTermsOutcome;
}
