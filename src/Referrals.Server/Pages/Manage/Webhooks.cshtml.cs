using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Referrals.Core.OutboundWebhooks;
using Referrals.Core.Programs;

namespace Referrals.Server.Pages.Manage;

/// <summary>
/// A program's outbound webhooks for its manager: each endpoint with its latest deliveries and every
/// attempt (time, status code, latency, the start of the answer), and a button to deliver one again.
/// </summary>
public sealed class WebhooksModel(
    IProgramStore programs,
    IWebhookEndpointStore endpoints,
    IWebhookDeliveryStore deliveries,
    DeliverWebhook deliver) : PageModel
{
    private const int DeliveriesShown = 20;

    public ReferralProgram? Program { get; private set; }

    public IReadOnlyList<EndpointLog> Endpoints { get; private set; } = [];

    public string? Notice { get; private set; }

    public string? Problem { get; private set; }

    public Task<IActionResult> OnGetAsync(string programId, CancellationToken cancellationToken) => ShowAsync(programId, StatusCodes.Status200OK, cancellationToken);

    public async Task<IActionResult> OnPostRedeliverAsync(string programId, string? endpointId, string? deliveryId, CancellationToken cancellationToken)
    {
        var endpoint = string.IsNullOrEmpty(endpointId) ? null : await endpoints.GetAsync(programId, endpointId, cancellationToken);
        if (endpoint is null || string.IsNullOrEmpty(deliveryId) || await deliver.RedeliverAsync(programId, endpoint.Id, deliveryId, cancellationToken) is not { } delivery)
        {
            Problem = "There is no such delivery in this program.";
            return await ShowAsync(programId, StatusCodes.Status404NotFound, cancellationToken);
        }

        Notice = $"The {delivery.EventType} event is being delivered again to {endpoint.Url}.";
        return await ShowAsync(programId, StatusCodes.Status200OK, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(string programId, int status, CancellationToken cancellationToken)
    {
        Program = await programs.GetAsync(programId, cancellationToken);
        if (Program is null)
        {
            return NotFound();
        }

        var logs = new List<EndpointLog>();
        foreach (var endpoint in await endpoints.ListAsync(programId, cancellationToken))
        {
            var rows = new List<DeliveryLog>();
            foreach (var delivery in await deliveries.ListAsync(endpoint.Id, null, DeliveriesShown, cancellationToken))
            {
                rows.Add(new DeliveryLog(delivery, await deliveries.ListAttemptsAsync(delivery.Id, cancellationToken)));
            }

            logs.Add(new EndpointLog(endpoint, rows));
        }

        Endpoints = logs;
        Response.StatusCode = status;
        return Page();
    }

    /// <summary>An endpoint and its latest deliveries.</summary>
    public sealed record EndpointLog(WebhookEndpoint Endpoint, IReadOnlyList<DeliveryLog> Deliveries);

    /// <summary>A delivery and its attempts, oldest first.</summary>
    public sealed record DeliveryLog(WebhookDelivery Delivery, IReadOnlyList<DeliveryAttempt> Attempts);
}
