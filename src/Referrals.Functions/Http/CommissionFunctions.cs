using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Referrals.Api.Commissions;
using Referrals.Api.Security;
using Referrals.Api.Stats;
using Referrals.Core.Commissions;
using Referrals.Core.Conversions;
using Referrals.Core.Partners;
using Referrals.Core.Programs;
using Referrals.Core.Stats;

namespace Referrals.Functions.Http;

/// <summary>Commissions (with how each was computed), their review, tier closing and a partner's stats: the host library's handlers.</summary>
public sealed class CommissionFunctions(
    HttpFunctionRunner http,
    IProgramStore programs,
    IPartnerStore partners,
    ICommissionStore commissions,
    ICommissionReviewStore reviews,
    IConversionStore conversions,
    IStatsStore stats,
    CloseTiers closeTiers,
    TimeProvider time)
{
    [Function("ListCommissions")]
    public Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}/commissions")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.ListCommissions, async cancellationToken => await CommissionsApi.ListAsync(
            programId, Query(request, "partnerId"), Query(request, "status"), request.HttpContext, programs, commissions, cancellationToken), programId);

    [Function("GetCommission")]
    public Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}/commissions/{commissionId}")] HttpRequest request, string programId, string commissionId) =>
        http.ApiAsync(request, EndpointRoles.ReadCommission, async cancellationToken => await CommissionsApi.GetAsync(programId, commissionId, reviews, conversions, cancellationToken), programId);

    [Function("ReviewCommission")]
    public Task<IActionResult> ReviewAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/programs/{programId}/commissions/{commissionId}/review")] HttpRequest request, string programId, string commissionId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await CommissionsApi.ReviewAsync(programId, commissionId, request, reviews, conversions, time, cancellationToken), programId);

    [Function("CloseTiers")]
    public Task<IActionResult> CloseTiersAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/programs/{programId}/tiers/close")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await CommissionsApi.CloseTiersAsync(programId, request, closeTiers, cancellationToken), programId);

    [Function("GetPartnerStats")]
    public Task<IActionResult> GetStatsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/partners/{partnerId}/stats")] HttpRequest request, string partnerId) =>
        http.ApiAsync(request, EndpointRoles.ReadStats, async cancellationToken => await StatsApi.GetAsync(
            partnerId, Query(request, "from"), Query(request, "to"), partners, programs, stats, time, cancellationToken), partnerId: partnerId);

    private static string? Query(HttpRequest request, string name) => request.Query.TryGetValue(name, out var value) ? value.ToString() : null;
}
