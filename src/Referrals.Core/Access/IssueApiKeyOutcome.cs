using Referrals.Core.Validation;

namespace Referrals.Core.Access;

/// <summary>What issuing an API key came to.</summary>
public abstract record IssueApiKeyOutcome
{
    private IssueApiKeyOutcome()
    {
    }

    /// <summary>The key was stored; <see cref="Secret"/> is the key itself, to be shown once.</summary>
    public sealed record Issued(ApiKey Key, string Secret) : IssueApiKeyOutcome;

    public sealed record Invalid(ValidationErrors Errors) : IssueApiKeyOutcome;

    public sealed record ProgramNotFound : IssueApiKeyOutcome;

    public sealed record PartnerNotFound : IssueApiKeyOutcome;
}
