using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Referrals.Api.Hosting;
using Referrals.Api.Security;
using Referrals.Api.Tracking;
using Referrals.Core.Tracking;

namespace Referrals.Functions.Http;

/// <summary>The redirect and the click lookup: the host library's handlers.</summary>
public sealed class TrackingFunctions(HttpFunctionRunner http, LinkDirectory directory, ClickRecorder recorder, VisitorHasher visitors, IClickLog clicks, TimeProvider time,
    IOptions<ClickRecorderOptions> clickOptions, ReferralMetrics metrics)
{
    [Function("Redirect")]
    public Task<IActionResult> RedirectAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "r/{code}")] HttpRequest request, string code) =>
        http.PublicAsync(request, PublicRateLimits.Redirect, async cancellationToken =>
            await RedirectEndpoint.RedirectAsync(code, request.HttpContext, directory, recorder, visitors, time, clickOptions, metrics, cancellationToken));

    [Function("GetClick")]
    public Task<IActionResult> GetClickAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/clicks/{clickId}")] HttpRequest request, string clickId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await ClicksApi.GetClickAsync(clickId, clicks, cancellationToken));
}
