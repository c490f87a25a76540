using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Referrals.Core.Payouts;
using Referrals.Functions.Http;
using Referrals.Server.Http;
using Referrals.Server.Payouts;
using Referrals.Server.Security;

namespace Referrals.Functions.Payouts;

/// <summary>
/// Finance decides a run with a finance (or admin) key; the signed links of the run's notices land on the
/// server's finance pages, which this app does not host. The decision goes to the run's orchestration as
/// <see cref="PayoutRunOrchestrator.DecisionEvent"/>, raised here through <see cref="DurableTaskClient"/>; the runtime's own event URLs (which carry the
/// system key) are never handed out.
/// </summary>
public sealed class PayoutDecisionFunctions(DecidePayoutRun decide)
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
}
