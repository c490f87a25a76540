using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Referrals.Api.Security;
using Referrals.Api.Webhooks;
using Referrals.Core.Programs;
using Referrals.Core.Webhooks;

namespace Referrals.Functions.Http;

/// <summary>The payment providers' webhooks: the host library's handlers, where the signature is the authentication.</summary>
public sealed class WebhookFunctions(HttpFunctionRunner http, IProgramStore programs, IIgnoredEventStore ignored, TimeProvider time)
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

    [Function("ListIgnoredEvents")]
    public Task<IActionResult> ListIgnoredEventsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}/ignored-events")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await IgnoredEventsApi.ListAsync(
            programId, Limit(request), request.Query["continuation"].ToString() is { Length: > 0 } token ? token : null, request.HttpContext.Response, programs, ignored, cancellationToken), programId);

    [Function("RetryIgnoredEvent")]
    public Task<IActionResult> RetryIgnoredEventAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/programs/{programId}/ignored-events/{eventId}/retry")] HttpRequest request, string programId, string eventId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await IgnoredEventsApi.RetryAsync(programId, eventId, request, ignored, time, cancellationToken), programId);

    // A limit that is not a number is out of range, so the handler answers it with its problem.
    private static int? Limit(HttpRequest request) =>
        request.Query["limit"].ToString() is { Length: > 0 } text ? (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var limit) ? limit : -1) : null;
}
