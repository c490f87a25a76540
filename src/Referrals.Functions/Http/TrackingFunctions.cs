using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Referrals.Core.Tracking;
using Referrals.Server.Tracking;

namespace Referrals.Functions.Http;

/// <summary><c>GET /r/{code}</c>: the server's redirect handler.</summary>
public sealed class TrackingFunctions(LinkDirectory directory, ClickRecorder recorder, VisitorHasher visitors, TimeProvider time)
{
    [Function("Redirect")]
    public async Task<IActionResult> RedirectAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "r/{code}")] HttpRequest request, string code)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new HttpResultAction(await RedirectEndpoint.RedirectAsync(code, request.HttpContext, directory, recorder, visitors, time, request.HttpContext.RequestAborted));
    }
}
