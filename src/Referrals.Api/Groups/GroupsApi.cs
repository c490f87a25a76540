using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Api.Changes;
using Referrals.Api.Http;
using Referrals.Api.Security;
using Referrals.Core;
using Referrals.Core.Commissions;
using Referrals.Core.Groups;
using Referrals.Core.Partners;
using Referrals.Core.Programs;
using Referrals.Core.Validation;

namespace Referrals.Api.Groups;

/// <summary>
/// Partner groups and plan versions: a program's groups with their plans, a new version of a group's or
/// the program's plan (for conversions received from then on), and moving a partner between groups.
/// </summary>
public static class GroupsApi
{
    public static RouteGroupBuilder MapGroupsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/programs/{programId}/groups", CreateGroupAsync).Accepts<GroupDraft>("application/json")
            .WithName("CreatePartnerGroup").WithTags("Groups")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithMetadata(ArchivedProgramRefusal.Instance);
        api.MapGet("/programs/{programId}/groups", ListGroupsAsync)
            .WithName("ListPartnerGroups").WithTags("Groups")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/programs/{programId}/groups/{groupId}", GetGroupAsync)
            .WithName("GetProgramGroup").WithTags("Groups")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/programs/{programId}/groups/{groupId}/plan", SetGroupPlanAsync).Accepts<CommissionPlan>("application/json")
            .WithName("SetGroupPlan").WithTags("Groups")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/programs/{programId}/plan", SetProgramPlanAsync).Accepts<CommissionPlan>("application/json")
            .WithName("SetProgramPlan").WithTags("Groups")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/partners/{partnerId}/group", MovePartnerAsync).Accepts<MovePartnerRequest>("application/json")
            .WithName("MovePartnerToGroup").WithTags("Groups")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/partners/{partnerId}/group", GetPartnerGroupAsync)
            .WithName("GetPartnerGroup").WithTags("Groups").AllowRoles(EndpointRoles.ReadPartnerGroup)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/partners/{partnerId}/plan", SetPartnerPlanAsync).Accepts<CommissionPlan>("application/json")
            .WithName("SetPartnerPlan").WithTags("Groups")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/partners/{partnerId}/plan", RemovePartnerPlanAsync)
            .WithName("RemovePartnerPlan").WithTags("Groups")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>Adds a group with its own plan (version 1, for conversions from now on). Group names are unique in a program; an archived program takes no new group (409).</summary>
    public static async Task<Results<Created<GroupResponse>, ValidationProblem, ProblemHttpResult>> CreateGroupAsync(
        string programId, HttpRequest request, IProgramStore programs, IPartnerGroups groups, TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (await programs.GetAsync(programId, cancellationToken) is not { } program)
        {
            return Problems.ProgramNotFound(programId);
        }

        if (program.IsArchived)
        {
            return Problems.ProgramArchived(program.Id);
        }

        var body = await RequestBody.ReadAsync<GroupDraft>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var draft = body.Value!;
        var errors = draft.Validate();
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var name = draft.Name!.Trim();
        if ((await groups.ListAsync(program.Id, cancellationToken)).Any(group => string.Equals(group.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            return Problems.Conflict($"The program already has a group named '{Problems.Shorten(name)}'.");
        }

        // The plan version first: a crash before the group is stored leaves only a version nobody is in.
        var now = time.GetUtcNow();
        var group = new PartnerGroup(program.Id, Identifiers.New("grp"), name, now);
        var version = await groups.AddPlanVersionAsync(program.Id, group.Id, draft.Plan!, now, CallerName.Of(user), 1, cancellationToken);
        await groups.TryCreateAsync(group, cancellationToken);
        return TypedResults.Created($"/api/v1/programs/{program.Id}/groups/{group.Id}", GroupResponse.From(program, group, [version]));
    }

    /// <summary>The program's groups, the default group first, each with its current plan and version.</summary>
    public static async Task<Results<Ok<IReadOnlyList<GroupResponse>>, ProblemHttpResult>> ListGroupsAsync(
        string programId, IProgramStore programs, IPartnerGroups groups, CancellationToken cancellationToken)
    {
        if (await programs.GetAsync(programId, cancellationToken) is not { } program)
        {
            return Problems.ProgramNotFound(programId);
        }

        var versions = await groups.ListPlanVersionsAsync(program.Id, cancellationToken);
        return TypedResults.Ok(GroupResponse.ListFor(program, await groups.ListAsync(program.Id, cancellationToken), versions));
    }

    /// <summary>
    /// One of the program's groups (<c>default</c> is the program's own) as the list shows it, with its
    /// current plan and version: where <c>POST …/groups</c> points its <c>Location</c>.
    /// </summary>
    public static async Task<Results<Ok<GroupResponse>, ProblemHttpResult>> GetGroupAsync(
        string programId, string groupId, IProgramStore programs, IPartnerGroups groups, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(programs);
        ArgumentNullException.ThrowIfNull(groups);
        if (await programs.GetAsync(programId, cancellationToken) is not { } program)
        {
            return Problems.ProgramNotFound(programId);
        }

        var group = groupId == PartnerGroup.DefaultId
            ? PartnerGroup.DefaultOf(program.Id, program.CreatedAt)
            : (await groups.ListAsync(program.Id, cancellationToken)).FirstOrDefault(candidate => candidate.Id == groupId);
        return group is null
            ? Problems.NotFound($"The program has no group '{Problems.Shorten(groupId)}'.")
            : TypedResults.Ok(GroupResponse.From(program, group, await groups.ListPlanVersionsAsync(program.Id, cancellationToken)));
    }

    /// <summary>
    /// Makes a new version of a group's plan (<c>default</c> is the program's own), for conversions received
    /// from now on; commissions already earned keep the version that produced them.
    /// Audited: the program's plan as a change of the program, another group's as a change of the group.
    /// </summary>
    public static async Task<Results<Ok<GroupResponse>, ValidationProblem, ProblemHttpResult>> SetGroupPlanAsync(
        string programId, string groupId, HttpRequest request, ChangePlan change, IPartnerGroups groups, ChangeAudit audit, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(user);
        var body = await RequestBody.ReadAsync<CommissionPlan>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        switch (await change.ForGroupAsync(programId, groupId, body.Value, CallerName.Of(user), cancellationToken))
        {
            case ChangePlanOutcome.GroupPlanChanged changed:
                var (program, group, version) = (changed.Program, changed.Group, changed.Version);

                // "Before" is the version this one follows, read after the change so a change made at the
                // same moment through another route is not mistaken for it.
                var earlier = (await groups.ListPlanVersionsAsync(program.Id, cancellationToken))
                    .Where(other => other.GroupId != group.Id || other.Version < version.Version)
                    .ToList();
                var after = GroupResponse.From(program, group, [version]);
                await audit.RecordAsync(
                    request.HttpContext, program.Id, group.IsDefault ? "program" : "group", group.IsDefault ? program.Id : group.Id, "plan",
                    GroupResponse.From(program, group, earlier), after, cancellationToken);
                return TypedResults.Ok(after);
            case ChangePlanOutcome.Invalid invalid:
                return Problems.Invalid(invalid.Errors);
            case ChangePlanOutcome.GroupNotFound:
                return Problems.NotFound($"The program has no group '{Problems.Shorten(groupId)}'.");
            default:
                return Problems.ProgramNotFound(programId);
        }
    }

    /// <summary>
    /// Makes a new version of the program's plan (its default group's), for conversions received from now on.
    /// <c>PATCH /programs/{id}</c> with a <c>plan</c> makes the same version through the same use case. Audited.
    /// </summary>
    public static Task<Results<Ok<GroupResponse>, ValidationProblem, ProblemHttpResult>> SetProgramPlanAsync(
        string programId, HttpRequest request, ChangePlan change, IPartnerGroups groups, ChangeAudit audit, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        SetGroupPlanAsync(programId, PartnerGroup.DefaultId, request, change, groups, audit, user, cancellationToken);

    /// <summary>
    /// Sets a plan for this partner alone, whatever its group, for conversions received from now on (a new
    /// version of the partner's own plan). Audited.
    /// </summary>
    public static async Task<Results<Ok<PartnerGroupResponse>, ValidationProblem, ProblemHttpResult>> SetPartnerPlanAsync(
        string partnerId, HttpRequest request, ChangePlan change, PartnerPlanReader reader, ChangeAudit audit, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(user);
        var body = await RequestBody.ReadAsync<CommissionPlan>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        return await ChangePartnerPlanAsync(partnerId, request, reader, audit, () => change.ForPartnerAsync(partnerId, body.Value, remove: false, CallerName.Of(user), cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Ends the partner's own plan: conversions received from now on earn under its group's plan again.
    /// Audited; a partner without a plan of its own is answered as it is, and nothing is recorded.
    /// </summary>
    public static async Task<Results<Ok<PartnerGroupResponse>, ValidationProblem, ProblemHttpResult>> RemovePartnerPlanAsync(
        string partnerId, HttpRequest request, ChangePlan change, PartnerPlanReader reader, ChangeAudit audit, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(user);
        return await ChangePartnerPlanAsync(partnerId, request, reader, audit, () => change.ForPartnerAsync(partnerId, null, remove: true, CallerName.Of(user), cancellationToken), cancellationToken);
    }

    private static async Task<Results<Ok<PartnerGroupResponse>, ValidationProblem, ProblemHttpResult>> ChangePartnerPlanAsync(
        string partnerId, HttpRequest request, PartnerPlanReader reader, ChangeAudit audit, Func<Task<ChangePlanOutcome>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(audit);
        var before = await reader.ReadAsync(partnerId, cancellationToken);
        if (before is null)
        {
            return Problems.PartnerNotFound(partnerId);
        }

        switch (await change())
        {
            case ChangePlanOutcome.Invalid invalid:
                return Problems.Invalid(invalid.Errors);
            case ChangePlanOutcome.PartnerNotFound:
                return Problems.PartnerNotFound(partnerId);
            case ChangePlanOutcome.PartnerPlanChanged changed:
                var after = await reader.ReadAsync(partnerId, cancellationToken) ?? before;
                await audit.RecordAsync(request.HttpContext, changed.Program.Id, "partner", partnerId, "plan", AuditedPlan.Of(before), AuditedPlan.Of(after), cancellationToken);
                return TypedResults.Ok(after);
            default:
                return TypedResults.Ok(before);
        }
    }

    /// <summary>Moves a partner to another group of its program; conversions received from now on earn under that group's plan. Audited.</summary>
    public static async Task<Results<Ok<PartnerGroupResponse>, ValidationProblem, ProblemHttpResult>> MovePartnerAsync(
        string partnerId, HttpRequest request, MovePartnerToGroup move, PartnerPlanReader reader, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(move);
        ArgumentNullException.ThrowIfNull(user);
        var body = await RequestBody.ReadAsync<MovePartnerRequest>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(body.Value!.GroupId))
        {
            errors.Add("groupId", "'groupId' is required: the id of one of the program's groups, or 'default'.");
        }

        if (body.Value.Reason is { Length: > MovePartnerToGroup.MaxReasonLength })
        {
            errors.Add("reason", $"'reason' is at most {MovePartnerToGroup.MaxReasonLength} characters.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        switch (await move.ExecuteAsync(partnerId, body.Value.GroupId!.Trim(), CallerName.Of(user), body.Value.Reason, cancellationToken))
        {
            case MovePartnerOutcome.PartnerNotFound:
                return Problems.PartnerNotFound(partnerId);
            case MovePartnerOutcome.GroupNotFound:
                return Problems.NotFound($"The partner's program has no group '{Problems.Shorten(body.Value.GroupId!)}'.");
            default:
                return await GetPartnerGroupAsync(partnerId, reader, cancellationToken) is { Result: Ok<PartnerGroupResponse> ok }
                    ? ok
                    : Problems.PartnerNotFound(partnerId);
        }
    }

    /// <summary>A partner's group, the plan they earn under now and where it comes from, their moves between groups and their own plans.</summary>
    public static async Task<Results<Ok<PartnerGroupResponse>, ProblemHttpResult>> GetPartnerGroupAsync(
        string partnerId, PartnerPlanReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return await reader.ReadAsync(partnerId, cancellationToken) is { } found ? TypedResults.Ok(found) : Problems.PartnerNotFound(partnerId);
    }
}
