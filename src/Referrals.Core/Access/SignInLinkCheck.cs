namespace Referrals.Core.Access;

/// <summary>What a presented sign-in link turned out to be.</summary>
public abstract record SignInLinkCheck
{
    private SignInLinkCheck()
    {
    }

    public sealed record Valid(string PartnerId, string LinkId, DateTimeOffset Expires) : SignInLinkCheck;

    public sealed record Expired : SignInLinkCheck;

    /// <summary>Malformed, altered or signed with another key.</summary>
    public sealed record Tampered : SignInLinkCheck;
}
