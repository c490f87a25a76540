using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Referrals.Api.Partners;
using Referrals.Api.Security;
using Referrals.Core.Partners;

namespace Referrals.Functions.Http;

/// <summary>A partner's own profile and payout details: the host library's handlers.</summary>
public sealed class PartnerSelfServiceFunctions(
    HttpFunctionRunner http,
    IPartnerStore partners,
    IPartnerProfileStore profiles,
    IPayoutDetailsStore details,
    UpdatePayoutDetails update,
    TimeProvider time)
{
    [Function("GetPartnerProfile")]
    public Task<IActionResult> GetProfileAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/partners/{partnerId}/profile")] HttpRequest request, string partnerId) =>
        http.ApiAsync(request, EndpointRoles.PartnerSelfService, async cancellationToken => await PartnerSelfServiceApi.GetProfileAsync(partnerId, partners, profiles, cancellationToken), partnerId: partnerId);

    [Function("UpdatePartnerProfile")]
    public Task<IActionResult> UpdateProfileAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/v1/partners/{partnerId}/profile")] HttpRequest request, string partnerId) =>
        http.ApiAsync(request, EndpointRoles.PartnerSelfService, async cancellationToken => await PartnerSelfServiceApi.UpdateProfileAsync(partnerId, request, partners, profiles, time, cancellationToken), partnerId: partnerId);

    [Function("GetPayoutDetails")]
    public Task<IActionResult> GetPayoutDetailsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/partners/{partnerId}/payout-details")] HttpRequest request, string partnerId) =>
        http.ApiAsync(request, EndpointRoles.PartnerSelfService, async cancellationToken => await PartnerSelfServiceApi.GetPayoutDetailsAsync(partnerId, partners, details, cancellationToken), partnerId: partnerId);

    [Function("SetPayoutDetails")]
    public Task<IActionResult> SetPayoutDetailsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/v1/partners/{partnerId}/payout-details")] HttpRequest request, string partnerId) =>
        http.ApiAsync(request, EndpointRoles.PartnerSelfService, async cancellationToken => await PartnerSelfServiceApi.SetPayoutDetailsAsync(partnerId, request, update, details, request.HttpContext.User, cancellationToken), partnerId: partnerId);
}
