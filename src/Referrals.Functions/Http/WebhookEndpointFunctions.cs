using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Referrals.Api.OutboundWebhooks;
using Referrals.Api.Security;
using Referrals.Core.OutboundWebhooks;
using Referrals.Core.Programs;

namespace Referrals.Functions.Http;

/// <summary>A program's webhook endpoints and their delivery logs: the host library's handlers.</summary>
public sealed class WebhookEndpointFunctions(
    HttpFunctionRunner http,
    IProgramStore programs,
    IWebhookEndpointStore endpoints,
    IWebhookDeliveryStore deliveries,
    WebhookNetworkPolicy network,
    RecordWebhookEvent outbox,
    DeliverWebhook deliver,
    TimeProvider time)
{
    private const string Route = "api/v1/programs/{programId}/webhook-endpoints";

    [Function("CreateWebhookEndpoint")]
    public Task<IActionResult> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.WebhookEndpoints, async cancellationToken => await WebhookEndpointsApi.CreateAsync(
            programId, request, programs, endpoints, network, time, cancellationToken), programId);

    [Function("ListWebhookEndpoints")]
    public Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.WebhookEndpoints, async cancellationToken => await WebhookEndpointsApi.ListAsync(
            programId, programs, endpoints, time, cancellationToken), programId);

    [Function("GetWebhookEndpoint")]
    public Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route + "/{endpointId}")] HttpRequest request, string programId, string endpointId) =>
        http.ApiAsync(request, EndpointRoles.WebhookEndpoints, async cancellationToken => await WebhookEndpointsApi.GetAsync(
            programId, endpointId, endpoints, time, cancellationToken), programId);

    [Function("UpdateWebhookEndpoint")]
    public Task<IActionResult> UpdateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = Route + "/{endpointId}")] HttpRequest request, string programId, string endpointId) =>
        http.ApiAsync(request, EndpointRoles.WebhookEndpoints, async cancellationToken => await WebhookEndpointsApi.UpdateAsync(
            programId, endpointId, request, endpoints, network, time, cancellationToken), programId);

    [Function("DeleteWebhookEndpoint")]
    public Task<IActionResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Route + "/{endpointId}")] HttpRequest request, string programId, string endpointId) =>
        http.ApiAsync(request, EndpointRoles.WebhookEndpoints, async cancellationToken => await WebhookEndpointsApi.DeleteAsync(
            programId, endpointId, endpoints, cancellationToken), programId);

    [Function("RotateWebhookSecret")]
    public Task<IActionResult> RotateSecretAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route + "/{endpointId}/rotate-secret")] HttpRequest request, string programId, string endpointId) =>
        http.ApiAsync(request, EndpointRoles.WebhookEndpoints, async cancellationToken => await WebhookEndpointsApi.RotateSecretAsync(
            programId, endpointId, endpoints, time, cancellationToken), programId);

    [Function("TestWebhookEndpoint")]
    public Task<IActionResult> TestAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route + "/{endpointId}/test")] HttpRequest request, string programId, string endpointId) =>
        http.ApiAsync(request, EndpointRoles.WebhookEndpoints, async cancellationToken => await WebhookEndpointsApi.TestAsync(
            programId, endpointId, endpoints, outbox, time, cancellationToken), programId);

    [Function("ListWebhookDeliveries")]
    public Task<IActionResult> ListDeliveriesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route + "/{endpointId}/deliveries")] HttpRequest request, string programId, string endpointId) =>
        http.ApiAsync(request, EndpointRoles.WebhookEndpoints, async cancellationToken => await WebhookEndpointsApi.ListDeliveriesAsync(
            programId, endpointId, request.Query.TryGetValue("status", out var status) ? status.ToString() : null, endpoints, deliveries, cancellationToken), programId);

    [Function("RedeliverWebhook")]
    public Task<IActionResult> RedeliverAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route + "/{endpointId}/deliveries/{deliveryId}/redeliver")] HttpRequest request, string programId, string endpointId, string deliveryId) =>
        http.ApiAsync(request, EndpointRoles.WebhookEndpoints, async cancellationToken => await WebhookEndpointsApi.RedeliverAsync(
            programId, endpointId, deliveryId, endpoints, deliver, cancellationToken), programId);
}
