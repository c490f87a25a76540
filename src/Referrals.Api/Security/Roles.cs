using Referrals.Core.Access;

namespace Referrals.Api.Security;

/// <summary>The roles a caller can carry (from an API key or a page session), and the authorization policies named after them.</summary>
public static class Roles
{
    /// <summary>Runs the program: every management endpoint and the manager pages.</summary>
    public const string Admin = ApiKeyRoles.Admin;

    /// <summary>Finance decides payout runs. The policy of this name also admits admin keys.</summary>
    public const string Finance = ApiKeyRoles.Finance;

    /// <summary>A partner: sees only its own links, codes, stats, commissions and payouts (claims <see cref="ReferralClaims.ProgramId"/> and <see cref="ReferralClaims.PartnerId"/>).</summary>
    public const string Partner = ApiKeyRoles.Partner;

    /// <summary>A shop's server: reports conversions and leads for one program (claim <see cref="ReferralClaims.ProgramId"/>).</summary>
    public const string Shop = ApiKeyRoles.Shop;
}
