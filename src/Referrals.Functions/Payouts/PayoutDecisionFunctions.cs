using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Referrals.Api.Hosting;
using Referrals.Api.Http;
using Referrals.Api.Payouts;
using Referrals.Api.Security;
using Referrals.Core.Payouts;
using Referrals.Functions.Http;

namespace Referrals.Functions.Payouts;

/// <summary>
/// Finance decides a run with a finance (or admin) key, or by POSTing the form of a run's signed decision
/// link. Both paths record the decision in the run first (so it survives a deadline timer that fires
/// meanwhile, or a restart of the orchestration), then wake the run's orchestration with
/// <see cref="PayoutRunOrchestrator.DecisionEvent"/> to pay or release: 202 with the run's location. With
/// no orchestration running, the run is carried out at once: 200. The runtime's own event URLs (which
/// carry the system key) are never handed out.
/// </summary>
public sealed class PayoutDecisionFunctions(
    HttpFunctionRunner http,
    DecidePayoutRun decide,
    DecideByLink decideByLink,
    DecisionLinkPage linkPage,
    PayoutRunSteps steps,
    IPayoutRunStore runs,
    IOptions<ReferralsOptions> options)
{
    [Function("DecidePayoutRun")]
    public Task<IActionResult> DecideAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/payout-runs/{runId}/decision")] HttpRequest request,
        string runId,
        [DurableClient] DurableTaskClient client) =>
        http.ApiAsync(request, EndpointRoles.PayoutRuns, async cancellationToken =>
        {
            var read = await PayoutsApi.ReadDecisionAsync(request, request.HttpContext.User, cancellationToken);
            if (((IResult?)read.Problem ?? read.Invalid) is { } refused)
            {
                return refused;
            }

            return await decide.RecordAsync(runId, read.Decision!, cancellationToken) switch
            {
                PayoutDecisionResult.Decided decided => await CarryOutAsync(client, decided.Run.Id, cancellationToken),
                PayoutDecisionResult.Invalid invalid => Problems.Invalid(invalid.Errors),
                var other => PayoutsApi.Refused(other, runId),
            };
        });

    /// <summary>
    /// The page a decision link opens: the run (lines, totals, deadline) with the link's one decision, from
    /// the same markup as the server's page. It decides nothing (mail scanners open links).
    /// </summary>
    [Function("ShowDecisionLink")]
    public Task<IActionResult> ShowDecisionLinkAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "payout-decisions/{token}")] HttpRequest request,
        string token) =>
        http.PublicAsync(request, PublicRateLimits.DecisionPages, async cancellationToken =>
            Page(request, await linkPage.OpenAsync(token, cancellationToken), FinancePage));

    /// <summary>
    /// The decision link page's form: records the decision in the run (spending the link) and wakes the run's
    /// orchestration to pay or release (202), or, with none running, carries the run out at once (200); the
    /// answer is the page with what became of the run. Used, expired and altered links get their 409, 410
    /// and 400 pages and decide nothing.
    /// </summary>
    [Function("DecideByLink")]
    public Task<IActionResult> DecideByLinkAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "payout-decisions/{token}")] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient client) =>
        http.PublicAsync(request, PublicRateLimits.DecisionPages, async cancellationToken =>
        {
            var form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : null;
            var woken = false;
            var view = await linkPage.DecideAsync(
                token,
                form,
                async (link, decision, cancel) =>
                {
                    // Recorded here, not queued, so that a link is only spent by a decision the run took.
                    var outcome = await decideByLink.RecordAsync(link, decision, cancel);
                    if (outcome is not LinkDecisionOutcome.Answered { Result: PayoutDecisionResult.Decided decided })
                    {
                        return outcome;
                    }

                    woken = await WakeAsync(client, decided.Run.Id, cancel);
                    var carried = woken ? decided : decided with { Run = await steps.AdvanceAsync(decided.Run.Id, cancel) ?? decided.Run };
                    return new LinkDecisionOutcome.Answered(decided.Run.Id, carried);
                },
                cancellationToken);
            return Page(request, woken && view.Status == StatusCodes.Status200OK ? view with { Status = StatusCodes.Status202Accepted } : view, FinancePage);
        });

    private static ContentHttpResult Page(HttpRequest request, DecisionLinkView view, string financePage) =>
        TypedResults.Content(
            DecisionLinkMarkup.Document(view, request.Path.ToString(), financePage),
            "text/html; charset=utf-8",
            statusCode: view.Status);

    // The finance pages are the web front's: Referrals:WebBaseUrl in Azure.
    private string FinancePage => $"{(options.Value.WebBaseUrl ?? string.Empty).TrimEnd('/')}/finance";

    /// <summary>Raises the decision event on the run's running orchestration; false when none runs.</summary>
    private static async Task<bool> WakeAsync(DurableTaskClient client, string runId, CancellationToken cancellationToken)
    {
        if (await client.GetInstanceAsync(runId, cancellationToken) is not { IsRunning: true })
        {
            return false;
        }

        // No decision in the event: it is in the run already, and the orchestration reads it from there.
        await client.RaiseEventAsync(runId, PayoutRunOrchestrator.DecisionEvent, eventPayload: null, cancellationToken);
        return true;
    }

    /// <summary>
    /// Wakes the run's orchestration to pay or release: 202 with the run as recorded (its decision in the
    /// timeline) and its location. Without a running orchestration the run is carried out now: 200.
    /// </summary>
    private async Task<IResult> CarryOutAsync(DurableTaskClient client, string runId, CancellationToken cancellationToken)
    {
        if (await WakeAsync(client, runId, cancellationToken))
        {
            var recorded = await PayoutsApi.GetAsync(runId, runs, cancellationToken);
            return recorded.Result is Ok<PayoutRunResponse> { Value: { } run }
                ? TypedResults.Accepted($"/api/v1/payout-runs/{runId}", run)
                : recorded;
        }

        return await steps.AdvanceAsync(runId, cancellationToken) is null
            ? PayoutsApi.Refused(new PayoutDecisionResult.NotFound(), runId)
            : await PayoutsApi.GetAsync(runId, runs, cancellationToken);
    }
}
