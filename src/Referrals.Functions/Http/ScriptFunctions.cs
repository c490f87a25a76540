using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Referrals.Api.Hosting;
using Referrals.Api.Security;
using Referrals.Api.Tracking;
using Referrals.Core.Programs;
using Referrals.Core.Tracking;

namespace Referrals.Functions.Http;

/// <summary>The shop's first-party script and the clicks it records (with their CORS preflight): the host library's handlers.</summary>
public sealed class ScriptFunctions(HttpFunctionRunner http, LinkDirectory directory, ClickRecorder recorder, VisitorHasher visitors, IProgramStore programs, TimeProvider time,
    IOptions<ClickRecorderOptions> clickOptions, ReferralMetrics metrics)
{
    /// <summary>A static, cacheable file: no key and no rate limit, like the health endpoints.</summary>
    [Function("GetTrackingScript")]
    public static IActionResult GetTrackingScript([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "t.js")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        SecurityHeaders.Apply(request.HttpContext.Response);
        return new HttpResultAction(TrackingScript.Serve(request.HttpContext));
    }

    [Function("RecordScriptClick")]
    public Task<IActionResult> RecordScriptClickAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/programs/{programId}/clicks")] HttpRequest request, string programId) =>
        http.PublicAsync(request, PublicRateLimits.ScriptClicks, async cancellationToken =>
            await ScriptClicksEndpoint.RecordAsync(programId, request.HttpContext, directory, recorder, visitors, time, clickOptions, metrics, cancellationToken));

    [Function("PreflightScriptClick")]
    public Task<IActionResult> PreflightScriptClickAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "options", Route = "api/v1/programs/{programId}/clicks")] HttpRequest request, string programId) =>
        http.PublicAsync(request, PublicRateLimits.ScriptPreflights, async cancellationToken =>
            await ScriptClicksEndpoint.PreflightAsync(programId, request.HttpContext, programs, cancellationToken));
}
