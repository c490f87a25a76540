using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Api.Changes;
using Referrals.Api.Http;
using Referrals.Core.Groups;
using Referrals.Core.Partners;
using Referrals.Core.Programs;

namespace Referrals.Api.Partners;

/// <summary>A program's partners: listed with filters, and changed.</summary>
public static class PartnerResourcesApi
{
    private const int MaxSearchLength = 100;
    private static readonly string[] EditableFields = ["name", "email", "type", "status"];

    public static RouteGroupBuilder MapPartnerResourcesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/programs/{programId}/partners", ListPartnersAsync).Describe("ListPartners", "Partners");
        api.MapPatch("/partners/{partnerId}", UpdatePartnerAsync).Accepts<PartnerPatch>(MergePatch.ContentType, "application/json")
            .Describe("UpdatePartner", "Partners", StatusCodes.Status415UnsupportedMediaType);
        return api;
    }

    /// <summary>
    /// The program's partners in id order, a page at a time (<c>limit</c> 1 to 100, default 50, and the
    /// <c>continuation</c> token of the <c>Link: rel="next"</c> header), filtered by <c>status</c>
    /// (pending, active, suspended), <c>type</c>, <c>search</c> (part of the name or e-mail, any case) and
    /// <c>group</c> (a group's id, or <c>default</c>: the partners in it now).
    /// A page may hold fewer partners than asked for and still have a next one.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<Partner>>, ProblemHttpResult>> ListPartnersAsync(
        string programId, string? status, string? type, string? search, string? group, int? limit, string? continuation, HttpRequest request,
        IProgramStore programs, IPartnerGroups groups, ListPartners partners, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partners);
        if (Paging.Read(limit, continuation, out var pageSize, out var after) is { } problem)
        {
            return problem;
        }

        if (!QueryValues.TryParseEnum<PartnerStatus>(status, out var statusFilter))
        {
            return Problems.BadRequest("'status' must be pending, active or suspended.");
        }

        if (!QueryValues.TryParseEnum<PartnerType>(type, out var typeFilter))
        {
            return Problems.BadRequest("'type' must be one of customer, affiliate, referrer, reseller, employee.");
        }

        if (search is { Length: > MaxSearchLength })
        {
            return Problems.BadRequest($"'search' is at most {MaxSearchLength} characters.");
        }

        if (await programs.GetAsync(programId, cancellationToken) is null)
        {
            return Problems.ProgramNotFound(programId);
        }

        var groupId = string.IsNullOrEmpty(group) ? null : group;
        if (groupId is not null && groupId != PartnerGroup.DefaultId && !(await groups.ListAsync(programId, cancellationToken)).Any(candidate => candidate.Id == groupId))
        {
            return Problems.BadRequest($"'group' must be the id of one of the program's groups, or '{PartnerGroup.DefaultId}'; the program has no group '{Problems.Shorten(groupId)}'.");
        }

        var page = await partners.ExecuteAsync(programId, new PartnerFilter(statusFilter, typeFilter, search), groupId, after, pageSize, cancellationToken);
        Paging.LinkNext(request, page.Next);
        return TypedResults.Ok(page.Items);
    }

    /// <summary>Changes a partner's <c>name</c>, <c>email</c>, <c>type</c> or <c>status</c> with a JSON merge patch, by the rules of adding one.</summary>
    public static async Task<Results<Ok<Partner>, ValidationProblem, ProblemHttpResult>> UpdatePartnerAsync(
        string partnerId, HttpRequest request, IPartnerStore partners, IPartnerEditor editor, ChangeAudit audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(audit);
        if (await partners.GetAsync(partnerId, cancellationToken) is not { } partner)
        {
            return Problems.NotFound($"There is no partner '{Problems.Shorten(partnerId)}'.");
        }

        var body = await MergePatch.ApplyAsync(request, new PartnerDraft(partner.Name, partner.Email, partner.Type, partner.Status), EditableFields, cancellationToken);
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

        var changed = await editor.UpdateAsync(
            partner.Id,
            stored => stored with { Name = draft.Name!.Trim(), Email = draft.Email!.Trim(), Type = draft.Type!.Value, Status = draft.Status ?? stored.Status },
            cancellationToken);
        if (changed is not { } pair)
        {
            return Problems.NotFound($"There is no partner '{Problems.Shorten(partnerId)}'.");
        }

        await audit.RecordAsync(request.HttpContext, pair.After.ProgramId, "partner", pair.After.Id, "update", pair.Before, pair.After, cancellationToken);
        return TypedResults.Ok(pair.After);
    }

}

/// <summary>The fields of a partner a merge patch may change.</summary>
public sealed record PartnerPatch(string? Name, string? Email, PartnerType? Type, PartnerStatus? Status);
