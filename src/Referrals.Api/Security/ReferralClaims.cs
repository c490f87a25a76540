using System.Security.Claims;

namespace Referrals.Api.Security;

/// <summary>
/// The claims a caller's principal carries besides its name and role, whether it signed in with an API
/// key or holds a page session: the program and partner a scoped caller is limited to.
/// </summary>
public static class ReferralClaims
{
    /// <summary>The one program a shop or partner caller may act on.</summary>
    public const string ProgramId = "referrals:program";

    /// <summary>The one partner a partner caller is.</summary>
    public const string PartnerId = "referrals:partner";

    /// <summary>The id of the API key the caller presented (absent for the configured admin key and magic-link sessions).</summary>
    public const string KeyId = "referrals:key";

    public static string? ProgramOf(this ClaimsPrincipal user) => user.FindFirst(ProgramId)?.Value;

    public static string? PartnerOf(this ClaimsPrincipal user) => user.FindFirst(PartnerId)?.Value;
}
