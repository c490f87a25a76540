using System.Security.Claims;

namespace Referrals.Api.Security;

/// <summary>Who made a change, as audit trails record it: a partner by its id, anyone else by the name of its key or session.</summary>
public static class CallerName
{
    public static string Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.PartnerOf() is { } partnerId ? $"partner {partnerId}" : user.Identity?.Name ?? Roles.Admin;
    }
}
