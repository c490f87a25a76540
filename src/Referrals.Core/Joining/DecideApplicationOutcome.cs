using Referrals.Core.Validation;

namespace Referrals.Core.Joining;

/// <summary>What a decision on an application came to.</summary>
public abstract record DecideApplicationOutcome
{
    private DecideApplicationOutcome()
    {
    }

    public sealed record Decided(Application Application) : DecideApplicationOutcome;

    public sealed record AlreadyDecided(Application Application) : DecideApplicationOutcome;

    public sealed record NotFound : DecideApplicationOutcome;

    /// <summary>An approval in an archived program, which takes no new partners; nothing was stored (a rejection still goes through).</summary>
    public sealed record ProgramArchived : DecideApplicationOutcome;

    public sealed record Invalid(ValidationErrors Errors) : DecideApplicationOutcome;
}
