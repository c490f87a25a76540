namespace Referrals.Core.Access;

/// <summary>The roles an API key can carry, and the scope each one needs.</summary>
public static class ApiKeyRoles
{
    /// <summary>Runs every program: all of the management API.</summary>
    public const string Admin = "admin";

    /// <summary>Decides payout runs and reads commissions, across programs.</summary>
    public const string Finance = "finance";

    /// <summary>One partner of one program: its own stats and commissions.</summary>
    public const string Partner = "partner";

    /// <summary>A shop's server: conversions and leads of one program.</summary>
    public const string Shop = "shop";

    public static IReadOnlyList<string> All { get; } = [Admin, Finance, Partner, Shop];

    /// <summary>Shop and partner keys are bound to a program; admin and finance keys are not.</summary>
    public static bool NeedsProgram(string role) => role is Partner or Shop;

    public static bool NeedsPartner(string role) => role is Partner;
}
