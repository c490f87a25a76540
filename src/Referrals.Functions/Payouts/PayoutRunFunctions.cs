using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Referrals.Api.Payouts;
using Referrals.Api.Security;
using Referrals.Core.Partners;
using Referrals.Core.Payouts;
using Referrals.Functions.Http;

namespace Referrals.Functions.Payouts;

/// <summary>
/// Payout runs over HTTP: start a run (admin), read it and download its payout file and exports (finance). A started
/// run gets its orchestration at once (instance id = run id), so it does not wait for the next timer.
/// </summary>
public sealed class PayoutRunFunctions(HttpFunctionRunner http, StartPayoutRun start, PayoutRunSteps steps, IPayoutRunStore runs, IPartnerStore partners, PayoutExports exports)
{
    [Function("StartPayoutRun")]
    public Task<IActionResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/programs/{programId}/payout-runs")] HttpRequest request,
        string programId,
        [DurableClient] DurableTaskClient client) =>
        http.CreateAsync(request, EndpointRoles.AdminOnly, async cancellationToken =>
        {
            var answer = await PayoutsApi.StartAsync(programId, request, start, steps, runs, request.HttpContext.User, cancellationToken);
            if (answer.Result is Microsoft.AspNetCore.Http.HttpResults.Created<PayoutRunResponse> { Value: { } created })
            {
                await PayoutOrchestrations.EnsureRunningAsync(client, created.Id, cancellationToken);
            }

            return answer;
        }, programId);

    [Function("GetPayoutRun")]
    public Task<IActionResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/payout-runs/{runId}")] HttpRequest request, string runId) =>
        http.ApiAsync(request, EndpointRoles.PayoutRuns, async cancellationToken => await PayoutsApi.GetAsync(runId, runs, cancellationToken));

    [Function("GetPayoutFile")]
    public Task<IActionResult> GetFileAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/payout-runs/{runId}/payouts.csv")] HttpRequest request, string runId) =>
        http.ApiAsync(request, EndpointRoles.PayoutRuns, async cancellationToken => await PayoutsApi.CsvAsync(runId, runs, partners, cancellationToken));

    [Function("ListPayoutExports")]
    public Task<IActionResult> ListExportsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/payout-runs/{runId}/exports")] HttpRequest request, string runId) =>
        http.ApiAsync(request, EndpointRoles.PayoutRuns, async cancellationToken => await PayoutExportsApi.ListAsync(runId, exports, cancellationToken));

    [Function("GetPayoutExport")]
    public Task<IActionResult> GetExportAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/payout-runs/{runId}/exports/{format}")] HttpRequest request, string runId, string format) =>
        http.ApiAsync(request, EndpointRoles.PayoutRuns, async cancellationToken => await PayoutExportsApi.FileAsync(runId, format, exports, request.HttpContext.Response, cancellationToken));
}

/// <summary>Starting a run's orchestration when none is running for it.</summary>
public static class PayoutOrchestrations
{
    /// <summary>Schedules <see cref="PayoutRunOrchestrator"/> for <paramref name="runId"/> unless an instance of it has not completed.</summary>
    public static async Task EnsureRunningAsync(DurableTaskClient client, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (await client.GetInstanceAsync(runId, cancellationToken) is { IsCompleted: false })
        {
            return;
        }

        await client.ScheduleNewOrchestrationInstanceAsync(PayoutRunOrchestrator.Name, runId, new StartOrchestrationOptions(runId), cancellationToken);
    }
}
