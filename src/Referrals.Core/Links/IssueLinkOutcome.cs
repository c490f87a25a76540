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

    public sealed record PartnerNotFound : IssueLinkOutcome;

    public sealed record Invalid(ValidationErrors Errors) : IssueLinkOutcome;
}
