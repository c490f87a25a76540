using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Referrals.Core.Payouts;
using Referrals.Functions.Http;
using Referrals.Server.Http;
using Referrals.Server.Payouts;
using Referrals.Server.Security;

namespace Referrals.Functions.Payouts;

/// <summary>
/// Finance decides a run: with a finance (or admin) key, or through a signed single-use decision link.
/// The decision goes to the run's orchestration as <see cref="PayoutRunOrchestrator.DecisionEvent"/>,
/// raised here through <see cref="DurableTaskClient"/>; the runtime's own event URLs (which carry the
/// system key) are never handed out.
/// </summary>
public sealed class PayoutDecisionFunctions(DecidePayoutRun decide, IPayoutRunStore runs, IOptions<PayoutOptions> options, TimeProvider time)
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

    /// <summary><c>GET /payout-decisions/{token}</c>: the server's confirmation page; it decides nothing.</summary>
    [Function("ShowDecisionLink")]
    public async Task<IActionResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "payout-decisions/{token}")] HttpRequest request, string token)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new HttpResultAction(await DecisionPages.ShowAsync(token, options, runs, time, request.HttpContext.RequestAborted));
    }

    /// <summary>
    /// <c>POST /payout-decisions/{token}</c>: the server's confirmation (signature, expiry, single use,
    /// reason) records the decision; the run's orchestration is then told to look again.
    /// </summary>
    [Function("ConfirmDecisionLink")]
    public async Task<IActionResult> ConfirmAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "payout-decisions/{token}")] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var cancellationToken = request.HttpContext.RequestAborted;
        var page = await DecisionPages.ConfirmAsync(token, request, options, runs, decide, time, cancellationToken);
        if (DecisionLink.Verify(options.Value.LinkKey, token, time.GetUtcNow()) is DecisionLinkCheck.Valid link
            && await client.GetInstanceAsync(link.RunId, cancellationToken) is { IsRunning: true })
        {
            await client.RaiseEventAsync(link.RunId, PayoutRunOrchestrator.DecisionEvent, null, cancellationToken);
        }

        return new HttpResultAction(page);
    }
}
