using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Referrals.Api.Groups;
using Referrals.Api.Security;
using Referrals.Core.Groups;
using Referrals.Core.Partners;
using Referrals.Core.Programs;

namespace Referrals.Functions.Http;

/// <summary>Partner groups and plan versions: the host library's handlers.</summary>
public sealed class GroupFunctions(
    HttpFunctionRunner http,
    IProgramStore programs,
    IPartnerStore partners,
    IPartnerGroups groups,
    ResolvePlan plans,
    MovePartnerToGroup move,
    TimeProvider time)
{
    [Function("CreatePartnerGroup")]
    public Task<IActionResult> CreateGroupAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/programs/{programId}/groups")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await GroupsApi.CreateGroupAsync(programId, request, programs, groups, time, request.HttpContext.User, cancellationToken), programId);

    [Function("ListPartnerGroups")]
    public Task<IActionResult> ListGroupsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}/groups")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await GroupsApi.ListGroupsAsync(programId, programs, groups, cancellationToken), programId);

    [Function("SetGroupPlan")]
    public Task<IActionResult> SetGroupPlanAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/v1/programs/{programId}/groups/{groupId}/plan")] HttpRequest request, string programId, string groupId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await GroupsApi.SetGroupPlanAsync(programId, groupId, request, programs, groups, time, request.HttpContext.User, cancellationToken), programId);

    [Function("SetProgramPlan")]
    public Task<IActionResult> SetProgramPlanAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/v1/programs/{programId}/plan")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await GroupsApi.SetProgramPlanAsync(programId, request, programs, groups, time, request.HttpContext.User, cancellationToken), programId);

    [Function("MovePartnerToGroup")]
    public Task<IActionResult> MovePartnerAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/v1/partners/{partnerId}/group")] HttpRequest request, string partnerId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await GroupsApi.MovePartnerAsync(partnerId, request, move, partners, programs, groups, plans, time, request.HttpContext.User, cancellationToken), partnerId: partnerId);

    [Function("GetPartnerGroup")]
    public Task<IActionResult> GetPartnerGroupAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/partners/{partnerId}/group")] HttpRequest request, string partnerId) =>
        http.ApiAsync(request, EndpointRoles.ReadPartnerGroup, async cancellationToken => await GroupsApi.GetPartnerGroupAsync(partnerId, partners, programs, groups, plans, time, cancellationToken), partnerId: partnerId);
}
