using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Referrals.Api.Changes;
using Referrals.Api.Groups;
using Referrals.Api.Security;
using Referrals.Core.Groups;
using Referrals.Core.Programs;

namespace Referrals.Functions.Http;

/// <summary>Partner groups and plan versions: the host library's handlers.</summary>
public sealed class GroupFunctions(
    HttpFunctionRunner http,
    IProgramStore programs,
    IPartnerGroups groups,
    ChangePlan changePlan,
    PartnerPlanReader reader,
    MovePartnerToGroup move,
    ChangeAudit audit,
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

    [Function("GetProgramGroup")]
    public Task<IActionResult> GetGroupAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/programs/{programId}/groups/{groupId}")] HttpRequest request, string programId, string groupId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await GroupsApi.GetGroupAsync(programId, groupId, programs, groups, cancellationToken), programId);

    [Function("SetGroupPlan")]
    public Task<IActionResult> SetGroupPlanAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/v1/programs/{programId}/groups/{groupId}/plan")] HttpRequest request, string programId, string groupId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await GroupsApi.SetGroupPlanAsync(programId, groupId, request, changePlan, groups, audit, request.HttpContext.User, cancellationToken), programId);

    [Function("SetProgramPlan")]
    public Task<IActionResult> SetProgramPlanAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/v1/programs/{programId}/plan")] HttpRequest request, string programId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await GroupsApi.SetProgramPlanAsync(programId, request, changePlan, groups, audit, request.HttpContext.User, cancellationToken), programId);

    [Function("MovePartnerToGroup")]
    public Task<IActionResult> MovePartnerAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/v1/partners/{partnerId}/group")] HttpRequest request, string partnerId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await GroupsApi.MovePartnerAsync(partnerId, request, move, reader, request.HttpContext.User, cancellationToken), partnerId: partnerId);

    [Function("GetPartnerGroup")]
    public Task<IActionResult> GetPartnerGroupAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/partners/{partnerId}/group")] HttpRequest request, string partnerId) =>
        http.ApiAsync(request, EndpointRoles.ReadPartnerGroup, async cancellationToken => await GroupsApi.GetPartnerGroupAsync(partnerId, reader, cancellationToken), partnerId: partnerId);

    [Function("SetPartnerPlan")]
    public Task<IActionResult> SetPartnerPlanAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/v1/partners/{partnerId}/plan")] HttpRequest request, string partnerId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await GroupsApi.SetPartnerPlanAsync(partnerId, request, changePlan, reader, audit, request.HttpContext.User, cancellationToken), partnerId: partnerId);

    [Function("RemovePartnerPlan")]
    public Task<IActionResult> RemovePartnerPlanAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/v1/partners/{partnerId}/plan")] HttpRequest request, string partnerId) =>
        http.ApiAsync(request, EndpointRoles.AdminOnly, async cancellationToken => await GroupsApi.RemovePartnerPlanAsync(partnerId, request, changePlan, reader, audit, request.HttpContext.User, cancellationToken), partnerId: partnerId);
}
