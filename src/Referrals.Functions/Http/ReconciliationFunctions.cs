using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Referrals.Api.Reconciliation;
using Referrals.Api.Security;
using Referrals.Core.Programs;
using Referrals.Core.Reconciliation;

namespace Referrals.Functions.Http;

/// <summary>Reconciliations of a provider's export: the host library's handlers.</summary>
/// <remarks>
/// Running an export and replaying it are long by nature (minutes for a large export), longer than the
/// request budget that bounds every other function's wait on storage; once the upload is in they run to the
/// end, each storage call still bounded by its own timeout.
/// </remarks>
public sealed class ReconciliationFunctions(
    HttpFunctionRunner http, IProgramStore programs, IReconciliationStore store, ReconcileExport reconcile, ReplayMissingPayments replay)
{
    [Function("CreateReconciliation")]
    public Task<IActionResult> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/programs/{programId}/reconciliations")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.Reconciliations, async _ => await ReconciliationsApi.CreateAsync(
            programId, request.Query["format"], request, programs, reconcile, CancellationToken.None), programId);

    [Function("ListReconciliations")]
    public Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}/reconciliations")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.Reconciliations, async cancellationToken => await ReconciliationsApi.ListAsync(
            programId, QueryInt(request, "limit"), request.Query["continuation"], request, programs, store, cancellationToken), programId);

    [Function("GetReconciliation")]
    public Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}/reconciliations/{reconciliationId}")] HttpRequest request,
        string programId, string reconciliationId) =>
        http.ApiAsync(request, EndpointRoles.Reconciliations, async cancellationToken => await ReconciliationsApi.GetAsync(
            programId, reconciliationId, store, cancellationToken), programId);

    [Function("ListReconciliationItems")]
    public Task<IActionResult> ListItemsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}/reconciliations/{reconciliationId}/items")] HttpRequest request,
        string programId, string reconciliationId) =>
        http.ApiAsync(request, EndpointRoles.Reconciliations, async cancellationToken => await ReconciliationsApi.ListItemsAsync(
            programId, reconciliationId, request.Query["category"], QueryInt(request, "limit"), request.Query["continuation"], request, store, cancellationToken), programId);

    [Function("GetReconciliationFile")]
    public Task<IActionResult> FileAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}/reconciliations/{reconciliationId}/items.csv")] HttpRequest request,
        string programId, string reconciliationId) =>
        http.ApiAsync(request, EndpointRoles.Reconciliations, async _ => await ReconciliationsApi.FileAsync(
            programId, reconciliationId, request.Query["category"], store, CancellationToken.None), programId);

    [Function("ReplayReconciliation")]
    public Task<IActionResult> ReplayAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/programs/{programId}/reconciliations/{reconciliationId}/replay")] HttpRequest request,
        string programId, string reconciliationId) =>
        http.ApiAsync(request, EndpointRoles.Reconciliations, async _ => await ReconciliationsApi.ReplayAsync(
            programId, reconciliationId, replay, CancellationToken.None), programId);

    /// <summary>An integer query value as the server's binding reads it; a value that is none answers as an out-of-range limit does.</summary>
    private static int? QueryInt(HttpRequest request, string name) =>
        request.Query[name].ToString() is { Length: > 0 } text
            ? int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : -1
            : null;
}
