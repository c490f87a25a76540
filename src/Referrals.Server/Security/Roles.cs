namespace Referrals.Server.Security;

/// <summary>The roles an API key can carry, and the authorization policies named after them.</summary>
internal static class Roles
{
    public const string Admin = "admin";

    /// <summary>Finance decides payout runs. The policy of this name also admits admin keys.</summary>
    public const string Finance = "finance";
}
