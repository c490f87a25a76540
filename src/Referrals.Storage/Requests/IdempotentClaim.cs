namespace Referrals.Storage.Requests;

/// <summary>What claiming an idempotency key found.</summary>
public abstract record IdempotentClaim
{
    private IdempotentClaim()
    {
    }

    /// <summary>The key is this request's: go on and create.</summary>
    public sealed record Claimed : IdempotentClaim;

    /// <summary>A request with the key and the same body was answered: give its answer again.</summary>
    public sealed record Answered(IdempotentAnswer Answer) : IdempotentClaim;

    /// <summary>A request with the key and the same body is still running.</summary>
    public sealed record InProgress : IdempotentClaim;

    /// <summary>The key was used for a different request (another body or endpoint).</summary>
    public sealed record Mismatch : IdempotentClaim;
}
