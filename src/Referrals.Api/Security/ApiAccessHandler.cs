using Microsoft.AspNetCore.Authorization;

namespace Referrals.Api.Security;

/// <summary>Applies <see cref="ApiAccess.Decide"/> to the request: the endpoint's allowed roles, the route's and the query's ids.</summary>
public sealed class ApiAccessHandler : AuthorizationHandler<ApiAccessRequirement, HttpContext>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiAccessRequirement requirement, HttpContext resource)
    {
        var allowed = resource.GetEndpoint()?.Metadata.GetMetadata<AllowedRoles>()?.Roles ?? [];
        if (ApiAccess.Decide(
            context.User,
            allowed,
            resource.GetRouteValue("programId") as string,
            resource.GetRouteValue("partnerId") as string,
            resource.Request.Query["partnerId"].ToString()))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
