using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Api.Http;
using Referrals.Api.Security;
using Referrals.Core;
using Referrals.Core.OutboundWebhooks;
using Referrals.Core.Programs;
using Referrals.Core.Validation;

namespace Referrals.Api.OutboundWebhooks;

/// <summary>
/// A program's outbound webhooks: endpoints (create, list, read, change, delete, rotate the secret, send a
/// test ping) and each endpoint's delivery log with redelivery. For the program's admin and shop keys.
/// </summary>
public static class WebhookEndpointsApi
{
    private const string Tag = "Webhook endpoints";
    private const int DeliveryPageSize = 50;

    public static RouteGroupBuilder MapWebhookEndpointsApi(this RouteGroupBuilder api)
    {
        const string endpoints = "/programs/{programId}/webhook-endpoints";
        api.MapPost(endpoints, CreateAsync).Accepts<WebhookEndpointDraft>("application/json")
            .WithName("CreateWebhookEndpoint").WithTags(Tag).AllowRoles(EndpointRoles.WebhookEndpoints)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet(endpoints, ListAsync)
            .WithName("ListWebhookEndpoints").WithTags(Tag).AllowRoles(EndpointRoles.WebhookEndpoints)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet(endpoints + "/{endpointId}", GetAsync)
            .WithName("GetWebhookEndpoint").WithTags(Tag).AllowRoles(EndpointRoles.WebhookEndpoints)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPatch(endpoints + "/{endpointId}", UpdateAsync).Accepts<WebhookEndpointPatch>("application/json")
            .WithName("UpdateWebhookEndpoint").WithTags(Tag).AllowRoles(EndpointRoles.WebhookEndpoints)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete(endpoints + "/{endpointId}", DeleteAsync)
            .WithName("DeleteWebhookEndpoint").WithTags(Tag).AllowRoles(EndpointRoles.WebhookEndpoints)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost(endpoints + "/{endpointId}/rotate-secret", RotateSecretAsync)
            .WithName("RotateWebhookSecret").WithTags(Tag).AllowRoles(EndpointRoles.WebhookEndpoints)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost(endpoints + "/{endpointId}/test", TestAsync)
            .WithName("TestWebhookEndpoint").WithTags(Tag).AllowRoles(EndpointRoles.WebhookEndpoints)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet(endpoints + "/{endpointId}/deliveries", ListDeliveriesAsync)
            .WithName("ListWebhookDeliveries").WithTags(Tag).AllowRoles(EndpointRoles.WebhookEndpoints)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost(endpoints + "/{endpointId}/deliveries/{deliveryId}/redeliver", RedeliverAsync)
            .WithName("RedeliverWebhook").WithTags(Tag).AllowRoles(EndpointRoles.WebhookEndpoints)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>
    /// Registers an endpoint that receives the listed events, signed as Standard Webhooks. The answer
    /// carries the signing secret (<c>whsec_…</c>), which is shown this once.
    /// </summary>
    public static async Task<Results<Created<WebhookSecretResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        string programId, HttpRequest request, IProgramStore programs, IWebhookEndpointStore endpoints, WebhookNetworkPolicy network, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await programs.GetAsync(programId, cancellationToken) is null)
        {
            return Problems.ProgramNotFound(programId);
        }

        var body = await RequestBody.ReadAsync<WebhookEndpointDraft>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var draft = body.Value!;
        var errors = new ValidationErrors();
        WebhookEndpointRules.CheckUrl(draft.Url, network.AllowPrivateNetworks, errors);
        WebhookEndpointRules.CheckEvents(draft.Events, errors);
        WebhookEndpointRules.CheckDescription(draft.Description, errors);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var endpoint = new WebhookEndpoint(
            Identifiers.New("whe"), programId, draft.Url!.Trim(), draft.Events!.Distinct(StringComparer.Ordinal).ToArray(), draft.Description, true, WebhookSecret.Generate(), now);
        await endpoints.CreateAsync(endpoint, cancellationToken);
        return TypedResults.Created(
            $"/api/v1/programs/{programId}/webhook-endpoints/{endpoint.Id}",
            new WebhookSecretResponse(endpoint.Id, endpoint.Secret, WebhookEndpointResponse.From(endpoint, now), null));
    }

    /// <summary>The program's endpoints, without their secrets.</summary>
    public static async Task<Results<Ok<WebhookEndpointList>, ProblemHttpResult>> ListAsync(
        string programId, IProgramStore programs, IWebhookEndpointStore endpoints, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await programs.GetAsync(programId, cancellationToken) is null)
        {
            return Problems.ProgramNotFound(programId);
        }

        var now = time.GetUtcNow();
        var found = await endpoints.ListAsync(programId, cancellationToken);
        return TypedResults.Ok(new WebhookEndpointList(found.Select(endpoint => WebhookEndpointResponse.From(endpoint, now)).ToList()));
    }

    /// <summary>One endpoint, without its secret.</summary>
    public static async Task<Results<Ok<WebhookEndpointResponse>, ProblemHttpResult>> GetAsync(
        string programId, string endpointId, IWebhookEndpointStore endpoints, TimeProvider time, CancellationToken cancellationToken) =>
        await endpoints.GetAsync(programId, endpointId, cancellationToken) is { } endpoint
            ? TypedResults.Ok(WebhookEndpointResponse.From(endpoint, time.GetUtcNow()))
            : EndpointNotFound(endpointId);

    /// <summary>
    /// Changes an endpoint's URL, events, description or whether it is enabled. Enabling a disabled
    /// endpoint starts its count of failed deliveries again from zero.
    /// </summary>
    public static async Task<Results<Ok<WebhookEndpointResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string programId, string endpointId, HttpRequest request, IWebhookEndpointStore endpoints, WebhookNetworkPolicy network, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await endpoints.GetAsync(programId, endpointId, cancellationToken) is not { } endpoint)
        {
            return EndpointNotFound(endpointId);
        }

        var body = await RequestBody.ReadAsync<WebhookEndpointPatch>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var patch = body.Value!;
        var errors = new ValidationErrors();
        if (patch.Url is not null)
        {
            WebhookEndpointRules.CheckUrl(patch.Url, network.AllowPrivateNetworks, errors);
        }

        if (patch.Events is not null)
        {
            WebhookEndpointRules.CheckEvents(patch.Events, errors);
        }

        WebhookEndpointRules.CheckDescription(patch.Description, errors);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var changed = endpoint with
        {
            Url = patch.Url?.Trim() ?? endpoint.Url,
            Events = patch.Events?.Distinct(StringComparer.Ordinal).ToArray() ?? endpoint.Events,
            Description = patch.Description ?? endpoint.Description,
            Enabled = patch.Enabled ?? endpoint.Enabled,
        };
        if (patch.Enabled == true && !endpoint.Enabled)
        {
            changed = changed with { ConsecutiveFailures = 0, DisabledReason = null };
        }

        return await endpoints.SaveAsync(changed, cancellationToken)
            ? TypedResults.Ok(WebhookEndpointResponse.From(changed, time.GetUtcNow()))
            : EndpointNotFound(endpointId);
    }

    /// <summary>Deletes an endpoint; deliveries still queued for it are dropped.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string programId, string endpointId, IWebhookEndpointStore endpoints, CancellationToken cancellationToken) =>
        await endpoints.DeleteAsync(programId, endpointId, cancellationToken) ? TypedResults.NoContent() : EndpointNotFound(endpointId);

    /// <summary>
    /// Gives the endpoint a new secret, shown in this answer only. The old secret keeps signing alongside
    /// the new one for 24 hours (both signatures in <c>webhook-signature</c>), so the receiver can switch without missing an event.
    /// </summary>
    public static async Task<Results<Ok<WebhookSecretResponse>, ProblemHttpResult>> RotateSecretAsync(
        string programId, string endpointId, IWebhookEndpointStore endpoints, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await endpoints.GetAsync(programId, endpointId, cancellationToken) is not { } endpoint)
        {
            return EndpointNotFound(endpointId);
        }

        var now = time.GetUtcNow();
        var rotated = endpoint.Rotate(WebhookSecret.Generate(), now);
        return await endpoints.SaveAsync(rotated, cancellationToken)
            ? TypedResults.Ok(new WebhookSecretResponse(rotated.Id, rotated.Secret, WebhookEndpointResponse.From(rotated, now), rotated.PreviousSecretUntil))
            : EndpointNotFound(endpointId);
    }

    /// <summary>Sends the endpoint a <c>ping</c> event through the normal delivery (signed, retried, logged); answers with the delivery to watch.</summary>
    public static async Task<Results<Accepted<WebhookDeliveryResponse>, ProblemHttpResult>> TestAsync(
        string programId, string endpointId, IWebhookEndpointStore endpoints, RecordWebhookEvent outbox, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await endpoints.GetAsync(programId, endpointId, cancellationToken) is not { } endpoint)
        {
            return EndpointNotFound(endpointId);
        }

        if (!endpoint.Enabled)
        {
            return Problems.Conflict("The endpoint is disabled; enable it (PATCH with \"enabled\": true) before testing it.");
        }

        var delivery = await outbox.RecordForAsync(endpoint, PingEventData.Event(endpoint, time.GetUtcNow()), cancellationToken);
        return TypedResults.Accepted(
            $"/api/v1/programs/{programId}/webhook-endpoints/{endpointId}/deliveries",
            WebhookDeliveryResponse.From(delivery, []));
    }

    /// <summary>The endpoint's deliveries, newest first (at most 50), each with its attempts; <c>status</c> = pending, succeeded or failed.</summary>
    public static async Task<Results<Ok<WebhookDeliveryList>, ValidationProblem, ProblemHttpResult>> ListDeliveriesAsync(
        string programId, string endpointId, string? status, IWebhookEndpointStore endpoints, IWebhookDeliveryStore deliveries, CancellationToken cancellationToken)
    {
        DeliveryStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<DeliveryStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || status.Any(char.IsDigit))
            {
                return Problems.Invalid(new ValidationErrors().Add("status", "'status' is pending, succeeded or failed."));
            }

            wanted = parsed;
        }

        if (await endpoints.GetAsync(programId, endpointId, cancellationToken) is null)
        {
            return EndpointNotFound(endpointId);
        }

        var found = await deliveries.ListAsync(endpointId, wanted, DeliveryPageSize, cancellationToken);
        var items = new List<WebhookDeliveryResponse>(found.Count);
        foreach (var delivery in found)
        {
            items.Add(WebhookDeliveryResponse.From(delivery, await deliveries.ListAttemptsAsync(delivery.Id, cancellationToken)));
        }

        return TypedResults.Ok(new WebhookDeliveryList(items));
    }

    /// <summary>Sends a delivery again now, with the same <c>webhook-id</c> and body, starting a new run of retries.</summary>
    public static async Task<Results<Accepted<WebhookDeliveryResponse>, ProblemHttpResult>> RedeliverAsync(
        string programId, string endpointId, string deliveryId, IWebhookEndpointStore endpoints, DeliverWebhook deliver, CancellationToken cancellationToken)
    {
        if (await endpoints.GetAsync(programId, endpointId, cancellationToken) is null)
        {
            return EndpointNotFound(endpointId);
        }

        return await deliver.RedeliverAsync(programId, endpointId, deliveryId, cancellationToken) is { } delivery
            ? TypedResults.Accepted($"/api/v1/programs/{programId}/webhook-endpoints/{endpointId}/deliveries", WebhookDeliveryResponse.From(delivery, []))
            : Problems.NotFound($"There is no delivery '{Problems.Shorten(deliveryId)}' of this endpoint.");
    }

    private static ProblemHttpResult EndpointNotFound(string endpointId) =>
        Problems.NotFound($"There is no webhook endpoint '{Problems.Shorten(endpointId)}' in this program.");
}
