using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
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
public sealed class PayoutDecisionFunctions(HttpFunctionRunner http, DecidePayoutRun decide, DecideByLink decideByLink, PayoutRunSteps steps, IPayoutRunStore runs)
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

    [Function("DecideByLink")]
    public Task<IActionResult> DecideByLinkAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "payout-decisions/{token}")] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient client) =>
        http.PublicAsync(request, PublicRateLimits.DecisionPages, async cancellationToken =>
        {
            var decision = request.HasFormContentType ? DecisionForm.Read(await request.ReadFormAsync(cancellationToken), DecisionForm.LinkActor(token)) : null;
            if (decision is null)
            {
                return Problems.BadRequest(DecisionForm.Incomplete);
            }

            // Recorded here, not queued, so that a link is only spent by a decision the run took.
            var outcome = await decideByLink.RecordAsync(token, decision, cancellationToken);
            return outcome is LinkDecisionOutcome.Answered { Result: PayoutDecisionResult.Decided decided }
                ? await CarryOutAsync(client, decided.Run.Id, cancellationToken)
                : DecisionLinkAnswers.Refused(outcome);
        });

    /// <summary>
    /// Wakes the run's orchestration to pay or release: 202 with the run as recorded (its decision in the
    /// timeline) and its location. Without a running orchestration the run is carried out now: 200.
    /// </summary>
    private async Task<IResult> CarryOutAsync(DurableTaskClient client, string runId, CancellationToken cancellationToken)
    {
        if (await client.GetInstanceAsync(runId, cancellationToken) is { IsRunning: true })
        {
            // No decision in the event: it is in the run already, and the orchestration reads it from there.
            await client.RaiseEventAsync(runId, PayoutRunOrchestrator.DecisionEvent, eventPayload: null, cancellationToken);
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
