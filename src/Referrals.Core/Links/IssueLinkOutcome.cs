using Referrals.Core.Validation;

namespace Referrals.Core.Links;

/// <summary>What became of a request for a link.</summary>
public abstract record IssueLinkOutcome
{
    private IssueLinkOutcome()
    {
    }

    public sealed record Issued(Link Link) : IssueLinkOutcome;

    public sealed record ProgramNotFound : IssueLinkOutcome;

    /// <summary>The program is archived: it takes no new links.</summary>
    public sealed record ProgramArchived : IssueLinkOutcome;

    public sealed record PartnerNotFound : IssueLinkOutcome;

    public sealed record Invalid(ValidationErrors Errors) : IssueLinkOutcome;
}
