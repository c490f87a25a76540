using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Referrals.Api.Security;
using Referrals.Api.Webhooks;

namespace Referrals.Functions.Http;

/// <summary>The payment providers' webhooks: the host library's handlers, where the signature is the authentication.</summary>
public sealed class WebhookFunctions(HttpFunctionRunner http)
{
    [Function("StripeWebhook")]
    public Task<IActionResult> StripeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/stripe/{programId}")] HttpRequest request, string programId) =>
        http.PublicAsync(request, PublicRateLimits.Webhooks, async cancellationToken => await WebhooksApi.ReceiveStripeAsync(programId, request, cancellationToken));

    [Function("PaddleWebhook")]
    public Task<IActionResult> PaddleAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/paddle/{programId}")] HttpRequest request, string programId) =>
        http.PublicAsync(request, PublicRateLimits.Webhooks, async cancellationToken => await WebhooksApi.ReceivePaddleAsync(programId, request, cancellationToken));

    [Function("GenericWebhook")]
    public Task<IActionResult> GenericAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/generic/{programId}")] HttpRequest request, string programId) =>
        http.PublicAsync(request, PublicRateLimits.Webhooks, async cancellationToken => await WebhooksApi.ReceiveGenericAsync(programId, request, cancellationToken));
}
