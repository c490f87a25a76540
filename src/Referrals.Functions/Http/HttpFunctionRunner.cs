using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Referrals.Api.Hosting;
using Referrals.Api.Http;
using Referrals.Api.Security;

namespace Referrals.Functions.Http;

/// <summary>
/// Runs an HTTP function's handler the way the server's pipeline runs its endpoint, since the Functions
/// host gives a worker no ASP.NET Core middleware of its own: the security headers, the visitor's
/// address from the forwarded header (never the host's), the public rate limits, the API key check with
/// the endpoint's roles from <see cref="EndpointRoles"/>, and 503 with <c>Retry-After</c> when storage fails.
/// Every answer is the host library's: no refusal is written here.
/// </summary>
public sealed class HttpFunctionRunner(PublicRateLimiter limits, IOptions<ReferralsOptions> options, ILogger<HttpFunctionRunner> logger)
{
    /// <summary>Runs a public endpoint (no key) under the rate limit <paramref name="rateLimit"/> (see <see cref="PublicRateLimits"/>).</summary>
    public Task<IActionResult> PublicAsync(HttpRequest request, string rateLimit, Func<CancellationToken, Task<IResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(request, handler, context => Task.FromResult(limits.Acquire(rateLimit, context)));
    }

    /// <summary>
    /// Runs a management endpoint: a valid key of admin or of one of <paramref name="roles"/>, held to the
    /// route's <paramref name="programId"/> and <paramref name="partnerId"/> and the query's <c>partnerId</c>
    /// (<see cref="ApiAccess.Decide"/>); the caller is then the request's user.
    /// </summary>
    public Task<IActionResult> ApiAsync(
        HttpRequest request, IReadOnlyCollection<string> roles, Func<CancellationToken, Task<IResult>> handler, string? programId = null, string? partnerId = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(roles);
        return RunAsync(request, handler, context => AuthorizeAsync(context, roles, programId, partnerId));
    }

    /// <summary>
    /// Runs a management endpoint that creates something, as <see cref="ApiAsync"/>, honouring the request's
    /// <c>Idempotency-Key</c> as the server does (<see cref="IdempotentCreates"/>).
    /// </summary>
    public Task<IActionResult> CreateAsync(
        HttpRequest request, IReadOnlyCollection<string> roles, Func<CancellationToken, Task<IResult>> handler, string? programId = null, string? partnerId = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handler);
        return ApiAsync(
            request,
            roles,
            cancellationToken => request.HttpContext.RequestServices.GetRequiredService<IdempotentCreates>().RunAsync(request.HttpContext, () => handler(cancellationToken)),
            programId,
            partnerId);
    }

    private async Task<IActionResult> RunAsync(HttpRequest request, Func<CancellationToken, Task<IResult>> handler, Func<HttpContext, Task<IResult?>> admit)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var context = request.HttpContext;
        SecurityHeaders.Apply(context.Response);
        ForwardedClient.Apply(context);

        // Every HTTP function is a short call: none waits on storage longer than the budget, so a
        // sender gets 503 with Retry-After instead of hanging while storage does.
        RequestBudget.Limit(context, options.Value.RequestTimeout);
        try
        {
            return new HttpResultAction(await admit(context) ?? await handler(context.RequestAborted));
        }
        catch (Exception exception) when (StorageFailureHandler.Answer(context, exception, logger) is { } answer)
        {
            return new HttpResultAction(answer);
        }
    }

    private static async Task<IResult?> AuthorizeAsync(HttpContext context, IReadOnlyCollection<string> roles, string? programId, string? partnerId)
    {
        var result = await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
        if (!result.Succeeded || result.Principal is not ClaimsPrincipal caller)
        {
            return Results.Challenge(authenticationSchemes: [ApiKeyAuthenticationHandler.SchemeName]);
        }

        if (!ApiAccess.Decide(caller, roles, programId, partnerId, context.Request.Query["partnerId"].ToString()))
        {
            return Results.Forbid(authenticationSchemes: [ApiKeyAuthenticationHandler.SchemeName]);
        }

        context.User = caller;
        return null;
    }
}
