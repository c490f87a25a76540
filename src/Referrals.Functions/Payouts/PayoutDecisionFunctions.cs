using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Referrals.Core.Payouts;
using Referrals.Functions.Http;
using Referrals.Api.Http;
using Referrals.Server.Pages;
using Referrals.Server.Pages.Finance;
using Referrals.Api.Payouts;
using Referrals.Api.Security;

namespace Referrals.Functions.Payouts;

/// <summary>
/// Finance decides a run with a finance (or admin) key, or by POSTing the decision form of a run's signed
/// decision link; the page that shows the link (its GET) is the server's, which this app does not host.
/// The decision goes to the run's orchestration as <see cref="PayoutRunOrchestrator.DecisionEvent"/>,
/// raised here through <see cref="DurableTaskClient"/>; the runtime's own event URLs (which carry the
/// system key) are never handed out.
/// </summary>
public sealed class PayoutDecisionFunctions(DecidePayoutRun decide, DecideByLink decideByLink, PayoutRunSteps steps)
{
    /// <summary>
    /// Checks the decision as the server does (same problems for bad input, a run not awaiting one or past
    /// its deadline), then hands it to the run's orchestration: 202. Without a running orchestration the
    /// decision is recorded and carried out at once, as the server does.
    /// </summary>
    [Function("DecidePayoutRun")]
    public async Task<IActionResult> DecideAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/payout-runs/{runId}/decision")] HttpRequest request,
        string runId,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (await ApiKeys.RequireAsync(request, programId: null, Roles.Finance) is { } refused)
        {
            return refused;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        var read = await PayoutsApi.ReadDecisionAsync(request, request.HttpContext.User, cancellationToken);
        if (read.Problem is not null || read.Invalid is not null)
        {
            return new HttpResultAction((IResult?)read.Problem ?? read.Invalid!);
        }

        var decision = read.Decision!;
        var check = await decide.CheckAsync(runId, decision, cancellationToken);
        if (await client.GetInstanceAsync(runId, cancellationToken) is not { IsRunning: true })
        {
            check = await decide.ExecuteAsync(runId, decision, cancellationToken);
        }
        else if (check is PayoutDecisionResult.Decided)
        {
            await client.RaiseEventAsync(runId, PayoutRunOrchestrator.DecisionEvent, decision, cancellationToken);
            return new HttpResultAction(TypedResults.Accepted($"/api/v1/payout-runs/{runId}"));
        }

        return new HttpResultAction(check switch
        {
            PayoutDecisionResult.Decided decided => TypedResults.Ok(new { decided.Run.Id, decided.Run.State }),
            PayoutDecisionResult.Invalid invalid => Problems.Invalid(invalid.Errors),
            var other => PayoutsApi.Refused(other, runId),
        });
    }

    /// <summary>
    /// Decides the run a signed decision link names, with the link's form (<c>decision</c>, <c>reason</c>,
    /// <c>hold</c>, <c>holdReason_{partnerId}</c>) as the server's link page posts it. The link is the only
    /// credential and decides once; the run id comes from it alone. The decision is recorded before the
    /// answer, then the run's orchestration pays (202), or without one it is paid at once (200). Opening the
    /// link (GET) is left to the server's page.
    /// </summary>
    [Function("DecideByLink")]
    public async Task<IActionResult> DecideByLinkAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "payout-decisions/{token}")] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var cancellationToken = request.HttpContext.RequestAborted;
        var decision = request.HasFormContentType ? DecisionForm.Read(await request.ReadFormAsync(cancellationToken), DecisionForm.LinkActor(token)) : null;
        if (decision is null)
        {
            return new HttpResultAction(Problems.BadRequest(DecisionForm.Incomplete));
        }

        // Recorded here, not queued, so that a link is only spent by a decision the run took.
        var outcome = await decideByLink.RecordAsync(token, decision, cancellationToken);
        if (outcome is LinkDecisionOutcome.Answered { Result: PayoutDecisionResult.Decided decided })
        {
            var runId = decided.Run.Id;
            if (await client.GetInstanceAsync(runId, cancellationToken) is { IsRunning: true })
            {
                // The orchestration's own recording of the decision changes nothing now; the event wakes it to pay or release.
                await client.RaiseEventAsync(runId, PayoutRunOrchestrator.DecisionEvent, decision, cancellationToken);
                return new HttpResultAction(TypedResults.Accepted($"/api/v1/payout-runs/{runId}"));
            }

            var run = await steps.AdvanceAsync(runId, cancellationToken) ?? decided.Run;
            return new HttpResultAction(TypedResults.Ok(new { run.Id, run.State }));
        }

        return new HttpResultAction(outcome switch
        {
            LinkDecisionOutcome.Answered { Result: PayoutDecisionResult.Invalid invalid } => Problems.Invalid(invalid.Errors),
            LinkDecisionOutcome.Answered answered => PayoutsApi.Refused(answered.Result, answered.RunId),
            LinkDecisionOutcome.WrongDecision wrong => Problems.BadRequest($"This link can only {Format.Lower(wrong.Allowed)} the run."),
            LinkDecisionOutcome.Expired => Problems.Status(StatusCodes.Status410Gone, "Link expired", "This decision link has expired: the run's deadline has passed."),
            LinkDecisionOutcome.AlreadyUsed => Problems.Status(StatusCodes.Status410Gone, "Link already used", "This decision link has been used; each link decides once."),
            _ => Problems.Status(StatusCodes.Status400BadRequest, "Invalid link", "This decision link is not valid: it was changed or was never issued here."),
        });
    }
}
