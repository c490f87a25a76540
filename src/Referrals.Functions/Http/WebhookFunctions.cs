using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Referrals.Server.Webhooks;

namespace Referrals.Functions.Http;

/// <summary>The payment providers' webhooks: the server's handlers, where the signature is the authentication.</summary>
public static class WebhookFunctions
{
    [Function("StripeWebhook")]
    public static async Task<IActionResult> StripeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/stripe/{programId}")] HttpRequest request, string programId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new HttpResultAction(await WebhooksApi.ReceiveStripeAsync(programId, request, request.HttpContext.RequestAborted));
    }

    [Function("PaddleWebhook")]
    public static async Task<IActionResult> PaddleAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/paddle/{programId}")] HttpRequest request, string programId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new HttpResultAction(await WebhooksApi.ReceivePaddleAsync(programId, request, request.HttpContext.RequestAborted));
    }

    [Function("GenericWebhook")]
    public static async Task<IActionResult> GenericAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/generic/{programId}")] HttpRequest request, string programId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new HttpResultAction(await WebhooksApi.ReceiveGenericAsync(programId, request, request.HttpContext.RequestAborted));
    }
}
