using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Referrals.Api.Changes;
using Referrals.Api.Hosting;
using Referrals.Api.Http;
using Referrals.Api.Tracking;
using Referrals.Core.Links;
using Referrals.Core.Partners;
using Referrals.Core.Programs;

namespace Referrals.Api.Programs;

/// <summary>A program's links and referral codes after they were issued: listed by partner, read, changed and retired.</summary>
public static class LinkResourcesApi
{
    private static readonly string[] EditableLinkFields = ["destination", "campaign"];
    private static readonly string[] EditableCodeFields = ["discountPercent"];

    public static RouteGroupBuilder MapLinkResourcesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/programs/{programId}/links", ListLinksAsync).Describe("ListLinks", "Links");
        api.MapGet("/programs/{programId}/links/{code}", GetLinkAsync).Describe("GetLink", "Links");
        api.MapPatch("/programs/{programId}/links/{code}", UpdateLinkAsync).Accepts<LinkPatch>(MergePatch.ContentType, "application/json")
            .Describe("UpdateLink", "Links", StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType);
        api.MapPost("/programs/{programId}/links/{code}/retire", RetireLinkAsync).Describe("RetireLink", "Links");
        api.MapGet("/programs/{programId}/codes", ListReferralCodesAsync).Describe("ListReferralCodes", "Links");
        api.MapGet("/programs/{programId}/codes/{code}", GetReferralCodeAsync).Describe("GetReferralCode", "Links");
        api.MapPatch("/programs/{programId}/codes/{code}", UpdateReferralCodeAsync).Accepts<ReferralCodePatch>(MergePatch.ContentType, "application/json")
            .Describe("UpdateReferralCode", "Links", StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType);
        api.MapPost("/programs/{programId}/codes/{code}/retire", RetireReferralCodeAsync).Describe("RetireReferralCode", "Links");
        return api;
    }

    /// <summary>
    /// A partner's links (<c>partnerId</c>, required), in code order, a page at a time: <c>limit</c> (1 to 100,
    /// default 50) and the <c>continuation</c> token of the <c>Link: rel="next"</c> header.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<LinkResponse>>, ProblemHttpResult>> ListLinksAsync(
        string programId, string? partnerId, int? limit, string? continuation, HttpRequest request,
        IProgramStore programs, IPartnerStore partners, ILinkEditor editor, IOptions<ReferralsOptions> options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (Paging.Read(limit, continuation, out var pageSize, out var after) is { } problem)
        {
            return problem;
        }

        if (await PartnerOfProgramAsync(programId, partnerId, programs, partners, cancellationToken) is { } missing)
        {
            return missing;
        }

        var page = await editor.ListLinksAsync(partnerId!, after, pageSize, cancellationToken);
        Paging.LinkNext(request, page.Next);
        var origin = ProgramsApi.PublicOrigin(request, options.Value);
        return TypedResults.Ok<IReadOnlyList<LinkResponse>>([.. page.Items.Select(link => LinkResponse.From(link, $"{origin}/r/{link.Code}"))]);
    }

    /// <summary>Returns a link of the program, retired or not.</summary>
    public static async Task<Results<Ok<LinkResponse>, ProblemHttpResult>> GetLinkAsync(
        string programId, string code, HttpRequest request, ILinkStore links, IOptions<ReferralsOptions> options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        return await LinkOfProgramAsync(programId, code, links, cancellationToken) is { } link
            ? TypedResults.Ok(LinkResponse.From(link, $"{ProgramsApi.PublicOrigin(request, options.Value)}/r/{link.Code}"))
            : LinkNotFound(code);
    }

    /// <summary>
    /// Changes a link's <c>destination</c> or <c>campaign</c> with a JSON merge patch, held to the same rules as
    /// creating it (the destination on the program's allowed hosts). Visitors are sent to the new destination
    /// at once on this instance and within a minute on every other. A retired link cannot be changed (409).
    /// </summary>
    public static async Task<Results<Ok<LinkResponse>, ValidationProblem, ProblemHttpResult>> UpdateLinkAsync(
        string programId, string code, HttpRequest request, IProgramStore programs, ILinkStore links, ILinkEditor editor,
        LinkDirectory directory, ChangeAudit audit, IOptions<ReferralsOptions> options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(audit);
        if (await programs.GetAsync(programId, cancellationToken) is not { } program)
        {
            return Problems.ProgramNotFound(programId);
        }

        if (await LinkOfProgramAsync(programId, code, links, cancellationToken) is not { } link)
        {
            return LinkNotFound(code);
        }

        var body = await MergePatch.ApplyAsync(request, new LinkDraft(link.PartnerId, link.Destination.OriginalString, link.Campaign), EditableLinkFields, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var draft = body.Value!;
        var errors = draft.Validate(program);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        if (link.IsRetired)
        {
            return Problems.Conflict($"The link '{link.Code}' was retired; a retired link cannot be changed.");
        }

        var destination = new Uri(draft.Destination!, UriKind.Absolute);
        var campaign = string.IsNullOrWhiteSpace(draft.Campaign) ? null : draft.Campaign;
        if (await editor.UpdateLinkAsync(link.Code, stored => stored with { Destination = destination, Campaign = campaign }, cancellationToken) is not { } changed)
        {
            return LinkNotFound(code);
        }

        directory.Forget(link.Code);
        await audit.RecordAsync(request.HttpContext, programId, "link", link.Code, "update", Show(changed.Before), Show(changed.After), cancellationToken);
        return TypedResults.Ok(LinkResponse.From(changed.After, $"{ProgramsApi.PublicOrigin(request, options.Value)}/r/{link.Code}"));
    }

    /// <summary>
    /// Retires a link: from now on <c>/r/{code}</c> answers 410 Gone and records no click (never a redirect);
    /// the link and its clicks stay readable. Retiring a retired link changes nothing.
    /// </summary>
    public static async Task<Results<Ok<LinkResponse>, ProblemHttpResult>> RetireLinkAsync(
        string programId, string code, HttpRequest request, ILinkStore links, ILinkEditor editor, LinkDirectory directory,
        ChangeAudit audit, TimeProvider time, IOptions<ReferralsOptions> options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(time);
        if (await LinkOfProgramAsync(programId, code, links, cancellationToken) is not { } link)
        {
            return LinkNotFound(code);
        }

        var now = time.GetUtcNow();
        if (await editor.UpdateLinkAsync(link.Code, stored => stored.IsRetired ? stored : stored with { RetiredAt = now }, cancellationToken) is not { } changed)
        {
            return LinkNotFound(code);
        }

        directory.Forget(link.Code);
        await audit.RecordAsync(request.HttpContext, programId, "link", link.Code, "retire", Show(changed.Before), Show(changed.After), cancellationToken);
        return TypedResults.Ok(LinkResponse.From(changed.After, $"{ProgramsApi.PublicOrigin(request, options.Value)}/r/{link.Code}"));
    }

    /// <summary>A partner's referral codes (<c>partnerId</c>, required), in code order, a page at a time like every list.</summary>
    public static async Task<Results<Ok<IReadOnlyList<ReferralCode>>, ProblemHttpResult>> ListReferralCodesAsync(
        string programId, string? partnerId, int? limit, string? continuation, HttpRequest request,
        IProgramStore programs, IPartnerStore partners, ILinkEditor editor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Paging.Read(limit, continuation, out var pageSize, out var after) is { } problem)
        {
            return problem;
        }

        if (await PartnerOfProgramAsync(programId, partnerId, programs, partners, cancellationToken) is { } missing)
        {
            return missing;
        }

        var page = await editor.ListCodesAsync(partnerId!, after, pageSize, cancellationToken);
        Paging.LinkNext(request, page.Next);
        return TypedResults.Ok(page.Items);
    }

    /// <summary>
    /// Returns a referral code of the program, retired or not, in any case (<c>spring10</c> finds <c>Spring10</c>):
    /// the partner it credits, its <c>status</c> (active or retired) and the buyer's discount.
    /// </summary>
    public static async Task<Results<Ok<ReferralCode>, ProblemHttpResult>> GetReferralCodeAsync(
        string programId, string code, IReferralCodeStore codes, CancellationToken cancellationToken) =>
        ReferralCode.IsWellFormed(code) && await codes.GetAsync(programId, code, cancellationToken) is { } found
            ? TypedResults.Ok(found)
            : CodeNotFound(code);

    /// <summary>
    /// Changes a referral code's buyer <c>discountPercent</c> (0 to 100; null removes it) with a JSON merge
    /// patch; checkouts see the new discount at their next lookup. A retired code cannot be changed (409).
    /// </summary>
    public static async Task<Results<Ok<ReferralCode>, ValidationProblem, ProblemHttpResult>> UpdateReferralCodeAsync(
        string programId, string code, HttpRequest request, IReferralCodeStore codes, ILinkEditor editor, ChangeAudit audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(audit);
        if (!ReferralCode.IsWellFormed(code) || await codes.GetAsync(programId, code, cancellationToken) is not { } found)
        {
            return CodeNotFound(code);
        }

        var body = await MergePatch.ApplyAsync(request, new ReferralCodeDraft(found.PartnerId, found.Code, found.DiscountPercent), EditableCodeFields, cancellationToken);
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

        if (found.IsRetired)
        {
            return Problems.Conflict($"The code '{found.Code}' was retired; a retired code cannot be changed.");
        }

        if (await editor.UpdateCodeAsync(programId, found.Code, stored => stored with { DiscountPercent = draft.DiscountPercent }, cancellationToken) is not { } changed)
        {
            return CodeNotFound(code);
        }

        await audit.RecordAsync(request.HttpContext, programId, "code", changed.After.Code, "update", changed.Before, changed.After, cancellationToken);
        return TypedResults.Ok(changed.After);
    }

    /// <summary>
    /// Retires a referral code: from now on it credits nobody and its lookup finds no discount; it stays taken
    /// in the program. Retiring a retired code changes nothing.
    /// </summary>
    public static async Task<Results<Ok<ReferralCode>, ProblemHttpResult>> RetireReferralCodeAsync(
        string programId, string code, HttpRequest request, ILinkEditor editor, ChangeAudit audit, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        if (!ReferralCode.IsWellFormed(code)
            || await editor.UpdateCodeAsync(programId, code, stored => stored.IsRetired ? stored : stored with { RetiredAt = now }, cancellationToken) is not { } changed)
        {
            return CodeNotFound(code);
        }

        await audit.RecordAsync(request.HttpContext, programId, "code", changed.After.Code, "retire", changed.Before, changed.After, cancellationToken);
        return TypedResults.Ok(changed.After);
    }

    private static async Task<Link?> LinkOfProgramAsync(string programId, string code, ILinkStore links, CancellationToken cancellationToken) =>
        LinkCode.IsWellFormed(code) && await links.GetAsync(code, cancellationToken) is { } link && link.ProgramId == programId ? link : null;

    private static async Task<ProblemHttpResult?> PartnerOfProgramAsync(
        string programId, string? partnerId, IProgramStore programs, IPartnerStore partners, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(partnerId))
        {
            return Problems.BadRequest("'partnerId' is required: links and codes are listed by partner.");
        }

        if (await programs.GetAsync(programId, cancellationToken) is null)
        {
            return Problems.ProgramNotFound(programId);
        }

        return await partners.GetAsync(partnerId, cancellationToken) is { } partner && partner.ProgramId == programId
            ? null
            : Problems.PartnerNotFound(partnerId);
    }

    // The audit compares what the API shows of the link.
    private static LinkResponse Show(Link link) => LinkResponse.From(link, string.Empty);

    private static ProblemHttpResult CodeNotFound(string code) =>
        Problems.NotFound($"There is no referral code '{Problems.Shorten(code)}' in this program.");

    private static ProblemHttpResult LinkNotFound(string code) =>
        Problems.NotFound($"There is no link '{Problems.Shorten(code)}' in this program.");
}

/// <summary>The field of a referral code a merge patch may change: <c>discountPercent</c> (0 to 100; null removes it).</summary>
public sealed record ReferralCodePatch(int? DiscountPercent);

/// <summary>The fields of a link a merge patch may change: <c>destination</c> (on the program's allowed hosts) and <c>campaign</c> (null removes it).</summary>
public sealed record LinkPatch(string? Destination, string? Campaign);
