using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Referrals.Api.Hosting;
using Referrals.Api.Security;

namespace Referrals.Functions.Http;

/// <summary>Liveness and readiness, with the checks and answers of <see cref="ServiceDefaults"/> and the headers every answer carries; no key, no rate limit.</summary>
public sealed class HealthFunctions(HealthCheckService health)
{
    [Function("Live")]
    public static IActionResult Live([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health/live")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        SecurityHeaders.Apply(request.HttpContext.Response);
        return new HttpResultAction(ServiceDefaults.Healthy);
    }

    [Function("Ready")]
    public async Task<IActionResult> ReadyAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health/ready")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        SecurityHeaders.Apply(request.HttpContext.Response);
        return new HttpResultAction(await ServiceDefaults.ReadinessAsync(health, request.HttpContext.RequestAborted));
    }
}
