using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Referrals.Api.Security;

/// <summary>
/// Who may call an endpoint of the management API. Admin may call every one; an endpoint names the other
/// roles it admits with <see cref="AllowRoles{TBuilder}"/> (declared in <see cref="EndpointRoles"/>), so a new endpoint is admin-only until it says
/// otherwise. Shop and partner callers are bound to a program (and a partner): <see cref="Decide"/> holds
/// them to the <c>programId</c> and <c>partnerId</c> of the route and the <c>partnerId</c> of the query,
/// comparing ids with the caller's claims before anything is loaded. A caller outside its scope gets 403
/// whether or not the other program or partner exists, so the answer reveals nothing about other tenants.
/// </summary>
public static class ApiAccess
{
    /// <summary>The authorization policy of the management API groups.</summary>
    public const string Policy = "api-access";

    public static IServiceCollection AddApiAccess(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationHandler, ApiAccessHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy.RequireAuthenticatedUser().AddRequirements(new ApiAccessRequirement()));
        return services;
    }

    /// <summary>Admits callers of these roles (within their scope) besides admin.</summary>
    public static TBuilder AllowRoles<TBuilder>(this TBuilder builder, IReadOnlyCollection<string> roles)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AllowedRoles(roles));

    /// <summary>The partner whose data a caller may see: its own when it is a partner, else the one it asked for.</summary>
    public static string? PartnerFilter(this ClaimsPrincipal user, string? requested) => user.PartnerOf() ?? requested;

    /// <summary>Whether <paramref name="user"/> may call an endpoint admitting <paramref name="allowed"/>, for these ids.</summary>
    public static bool Decide(ClaimsPrincipal user, IReadOnlyCollection<string> allowed, string? routeProgramId, string? routePartnerId, string? queryPartnerId)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(allowed);
        if (user.IsInRole(Roles.Admin))
        {
            return true;
        }

        if (!allowed.Any(user.IsInRole))
        {
            return false;
        }

        var program = user.ProgramOf();
        var partner = user.PartnerOf();
        if ((user.IsInRole(Roles.Shop) || user.IsInRole(Roles.Partner)) && program is null)
        {
            return false; // a scoped role without its scope is refused rather than let loose
        }

        if (user.IsInRole(Roles.Partner) && partner is null)
        {
            return false;
        }

        if (program is null && partner is null)
        {
            return true;
        }

        if (routeProgramId is null && routePartnerId is null)
        {
            return false; // nothing on this endpoint to hold a scoped caller to
        }

        return (routeProgramId is null || routeProgramId == program)
            && (routePartnerId is null || routePartnerId == partner)
            && (string.IsNullOrEmpty(queryPartnerId) || partner is null || queryPartnerId == partner);
    }
}
