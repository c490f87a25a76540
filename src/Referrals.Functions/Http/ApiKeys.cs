using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Referrals.Server.Security;

namespace Referrals.Functions.Http;

/// <summary>
/// The server's API key authentication for functions: the same scheme
/// (<see cref="ApiKeyAuthenticationHandler"/>), so a missing or wrong key gets the same 401 problem and a
/// key of another role or outside its program the same 403 (<see cref="ApiAccess.Decide"/>). Function
/// keys play no part: every function is anonymous to the host.
/// </summary>
internal static class ApiKeys
{
    /// <summary>
    /// Null when the caller's key is admin, or has one of <paramref name="roles"/> within its scope for
    /// <paramref name="programId"/> (its principal is then the request's user); otherwise the refusal.
    /// </summary>
    public static async Task<IActionResult?> RequireAsync(HttpRequest request, string? programId, params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.HttpContext;
        var result = await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
        if (!result.Succeeded)
        {
            return new HttpResultAction(Results.Challenge(authenticationSchemes: [ApiKeyAuthenticationHandler.SchemeName]));
        }

        if (!ApiAccess.Decide(result.Principal, roles, programId, null, request.Query["partnerId"].ToString()))
        {
            return new HttpResultAction(Results.Forbid(authenticationSchemes: [ApiKeyAuthenticationHandler.SchemeName]));
        }

        context.User = result.Principal;
        return null;
    }
}
