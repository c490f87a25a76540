using Referrals.Core.Validation;

namespace Referrals.Core.Joining;

/// <summary>What an application from the public page came to.</summary>
public abstract record SubmitApplicationOutcome
{
    private SubmitApplicationOutcome()
    {
    }

    /// <summary>Stored, and waiting for review (<see cref="Application.Status"/> pending) or approved at once.</summary>
    public sealed record Submitted(Application Application) : SubmitApplicationOutcome;

    /// <summary>The program already has an application from this address; nothing new was stored.</summary>
    public sealed record Duplicate : SubmitApplicationOutcome;

    public sealed record Invalid(ValidationErrors Errors) : SubmitApplicationOutcome;

    /// <summary>No program, or one that takes no applications yet (it has published no terms to accept).</summary>
    public sealed record NotOpen : SubmitApplicationOutcome;

    /// <summary>The program is archived: it takes no new partners; nothing was stored.</summary>
    public sealed record Closed : SubmitApplicationOutcome;
}
