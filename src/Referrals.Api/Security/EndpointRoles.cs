namespace Referrals.Api.Security;

/// <summary>
/// Who besides admin may call each management endpoint, declared once: the server reads these through
/// <see cref="ApiAccess.AllowRoles{TBuilder}"/>, the Functions app through its key check, and both hold a
/// scoped caller to its program and partner with <see cref="ApiAccess.Decide"/>. An endpoint not listed
/// here is admin-only.
/// </summary>
public static class EndpointRoles
{
    /// <summary>No role besides admin.</summary>
    public static IReadOnlyCollection<string> AdminOnly { get; } = [];

    /// <summary><c>GET /api/v1/programs/{programId}</c>.</summary>
    public static IReadOnlyCollection<string> ReadProgram { get; } = [Roles.Finance, Roles.Shop, Roles.Partner];

    /// <summary><c>GET /api/v1/partners/{partnerId}</c>.</summary>
    public static IReadOnlyCollection<string> ReadPartner { get; } = [Roles.Partner];

    /// <summary><c>POST</c> and <c>GET</c> of a program's conversions.</summary>
    public static IReadOnlyCollection<string> Conversions { get; } = [Roles.Shop];

    /// <summary><c>POST /api/v1/programs/{programId}/leads</c>.</summary>
    public static IReadOnlyCollection<string> RegisterLead { get; } = [Roles.Shop];

    /// <summary><c>GET /api/v1/programs/{programId}/commissions</c>.</summary>
    public static IReadOnlyCollection<string> ListCommissions { get; } = [Roles.Finance, Roles.Partner];

    /// <summary><c>GET /api/v1/programs/{programId}/commissions/{commissionId}</c>.</summary>
    public static IReadOnlyCollection<string> ReadCommission { get; } = [Roles.Finance];

    /// <summary><c>GET /api/v1/partners/{partnerId}/stats</c>.</summary>
    public static IReadOnlyCollection<string> ReadStats { get; } = [Roles.Partner];

    /// <summary><c>GET /api/v1/partners/{partnerId}/statements/{period}</c> and its CSV.</summary>
    public static IReadOnlyCollection<string> ReadStatement { get; } = [Roles.Partner];

    /// <summary>Payout runs: read, decide, download the payout file (finance's policy, <see cref="Roles.Finance"/>).</summary>
    public static IReadOnlyCollection<string> PayoutRuns { get; } = [Roles.Finance];

    /// <summary>A program's webhook endpoints and their delivery logs.</summary>
    public static IReadOnlyCollection<string> WebhookEndpoints { get; } = [Roles.Shop];
    /// <summary><c>GET /api/v1/partners/{partnerId}/group</c>: the partner sees its own group and plan.</summary>
    public static IReadOnlyCollection<string> ReadPartnerGroup { get; } = [Roles.Partner];

    /// <summary>A partner's own profile and payout details: read and change them.</summary>
    public static IReadOnlyCollection<string> PartnerSelfService { get; } = [Roles.Partner];

    /// <summary>Reconciliations of a provider's export: run, read, download, replay the missing payments.</summary>
    public static IReadOnlyCollection<string> Reconciliations { get; } = [Roles.Finance];
}
