using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Referrals.Core;
using Referrals.Core.Groups;
using Referrals.Core.Joining;
using Referrals.Core.Links;
using Referrals.Core.Partners;
using Referrals.Core.Programs;
using Referrals.Api.Hosting;
using Referrals.Api.Http;
using Referrals.Api.Security;
using Referrals.Api.Tracking;

namespace Referrals.Api.Programs;

/// <summary>The management API for programs and what belongs to them: partners, links and referral codes.</summary>
public static class ProgramsApi
{
    public static RouteGroupBuilder MapProgramsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/programs", CreateProgramAsync).WithName("CreateProgram").Accepts<ProgramDraft>("application/json").WithTags("Programs").WithIdempotencyKey();
        api.MapGet("/programs/{programId}", GetProgramAsync).WithName("GetProgram").WithTags("Programs").AllowRoles(EndpointRoles.ReadProgram);
        api.MapPost("/programs/{programId}/partners", AddPartnerAsync).WithName("AddPartner").Accepts<PartnerDraft>("application/json").WithTags("Partners").WithIdempotencyKey().RefusesArchivedProgram();
        api.MapGet("/partners/{partnerId}", GetPartnerAsync).WithName("GetPartner").WithTags("Partners").AllowRoles(EndpointRoles.ReadPartner);
        api.MapPost("/programs/{programId}/links", CreateLinkAsync).WithName("CreateLink").Accepts<LinkDraft>("application/json").WithTags("Links").WithIdempotencyKey().RefusesArchivedProgram();
        api.MapPost("/programs/{programId}/codes", CreateReferralCodeAsync).WithName("CreateReferralCode").Accepts<ReferralCodeDraft>("application/json").WithTags("Links").WithIdempotencyKey().RefusesArchivedProgram();
        return api;
    }

    /// <summary>Creates a program: currency, cookie window, allowed destination hosts and commission plan.</summary>
    public static async Task<Results<Created<ProgramResponse>, ValidationProblem, ProblemHttpResult>> CreateProgramAsync(
        HttpRequest request, IProgramStore programs, AssignSlug assignSlug, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<ProgramDraft>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = body.Value!.Validate();
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var program = body.Value.ToProgram(Identifiers.New("prg"), time.GetUtcNow());
        await programs.CreateAsync(program, cancellationToken);
        var slug = await assignSlug.ExecuteAsync(program.Id, program.Name, cancellationToken);
        return TypedResults.Created($"/api/v1/programs/{program.Id}", ProgramResponse.From(program) with { Slug = slug });
    }

    /// <summary>Returns a program with its rules and the version of its plan in force now.</summary>
    public static async Task<Results<Ok<ProgramResponse>, ProblemHttpResult>> GetProgramAsync(
        string programId, IProgramStore programs, IProgramSlugStore slugs, ResolvePlan plans, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(time);
        if (await programs.GetAsync(programId, cancellationToken) is not { } program)
        {
            return Problems.ProgramNotFound(programId);
        }

        var inForce = await plans.ForProgramAsync(program, time.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(ProgramResponse.From(program, inForce.Plan) with { Slug = await slugs.GetSlugAsync(program.Id, cancellationToken) });
    }

    /// <summary>Adds a partner (customer, affiliate, referrer, reseller or employee) to a program; an archived program takes none (409).</summary>
    public static async Task<Results<Created<Partner>, ValidationProblem, ProblemHttpResult>> AddPartnerAsync(
        string programId, HttpRequest request, IProgramStore programs, IPartnerStore partners, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await programs.GetAsync(programId, cancellationToken) is not { } program)
        {
            return Problems.ProgramNotFound(programId);
        }

        if (program.IsArchived)
        {
            return Problems.ProgramArchived(program.Id);
        }

        var body = await RequestBody.ReadAsync<PartnerDraft>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = body.Value!.Validate();
        if (body.Value.IntroducedBy is { Length: > 0 } introducerId
            && (await partners.GetAsync(introducerId.Trim(), cancellationToken) is not { } introducer || introducer.ProgramId != program.Id))
        {
            errors.Add("introducedBy", "'introducedBy' must be the id of a partner of this program.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var partner = body.Value.ToPartner(Identifiers.New("prt"), program.Id, time.GetUtcNow());
        await partners.CreateAsync(partner, cancellationToken);
        return TypedResults.Created($"/api/v1/partners/{partner.Id}", partner);
    }

    /// <summary>
    /// Returns a partner, with the newest terms version they accepted (<c>agreement</c>) and the plan they
    /// earn under now (<c>planInForce</c>: their group, and whether the plan is their own, their group's or the program's).
    /// </summary>
    public static async Task<Results<Ok<Partner>, ProblemHttpResult>> GetPartnerAsync(
        string partnerId, IPartnerStore partners, IAgreementStore agreements, IProgramStore programs, ResolvePlan plans, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(time);
        if (await partners.GetAsync(partnerId, cancellationToken) is not { } partner)
        {
            return Problems.NotFound($"There is no partner '{Problems.Shorten(partnerId)}'.");
        }

        var program = await programs.GetAsync(partner.ProgramId, cancellationToken);
        var inForce = program is null ? null : await plans.ExecuteAsync(program, partner.Id, time.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(partner with
        {
            Agreement = await agreements.GetLatestAsync(partner.ProgramId, partner.Id, cancellationToken),
            PlanInForce = inForce is null ? null : PartnerPlanSummary.Of(inForce, program!.Currency),
        });
    }

    /// <summary>Creates a tracked link <c>/r/{code}</c> for a partner to a destination on the program's allowed hosts; an archived program takes none (409).</summary>
    public static async Task<Results<Created<LinkResponse>, ValidationProblem, ProblemHttpResult>> CreateLinkAsync(
        string programId, HttpRequest request, IssueLink issueLink, LinkDirectory directory, IOptions<ReferralsOptions> options, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<LinkDraft>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        switch (await issueLink.ExecuteAsync(programId, body.Value!, cancellationToken))
        {
            case IssueLinkOutcome.Issued issued:
                directory.Forget(issued.Link.Code);
                var url = $"{PublicOrigin(request, options.Value)}/r/{issued.Link.Code}";
                return TypedResults.Created(url, LinkResponse.From(issued.Link, url));
            case IssueLinkOutcome.Invalid invalid:
                return Problems.Invalid(invalid.Errors);
            case IssueLinkOutcome.PartnerNotFound:
                return Problems.PartnerNotFound(body.Value!.PartnerId!);
            case IssueLinkOutcome.ProgramArchived:
                return Problems.ProgramArchived(programId);
            default:
                return Problems.ProgramNotFound(programId);
        }
    }

    /// <summary>Gives a partner a referral code (unique in the program, any case), optionally with a buyer discount; an archived program takes none (409).</summary>
    public static async Task<Results<Created<ReferralCode>, ValidationProblem, ProblemHttpResult>> CreateReferralCodeAsync(
        string programId, HttpRequest request, IProgramStore programs, IPartnerStore partners, IReferralCodeStore codes, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await programs.GetAsync(programId, cancellationToken) is not { } program)
        {
            return Problems.ProgramNotFound(programId);
        }

        if (program.IsArchived)
        {
            return Problems.ProgramArchived(program.Id);
        }

        var body = await RequestBody.ReadAsync<ReferralCodeDraft>(request, cancellationToken);
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

        if (await partners.GetAsync(draft.PartnerId!, cancellationToken) is not { } partner || partner.ProgramId != program.Id)
        {
            return Problems.PartnerNotFound(draft.PartnerId!);
        }

        var code = new ReferralCode(program.Id, draft.Code!.Trim(), partner.Id, draft.DiscountPercent, time.GetUtcNow());
        return await codes.TryCreateAsync(code, cancellationToken)
            ? TypedResults.Created($"/api/v1/programs/{program.Id}/codes/{Uri.EscapeDataString(code.Code)}", code)
            : Problems.Conflict($"The code '{code.Code}' is already taken in this program (codes are compared regardless of case).");
    }

    internal static string PublicOrigin(HttpRequest request, ReferralsOptions options) =>
        string.IsNullOrWhiteSpace(options.PublicBaseUrl)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : options.PublicBaseUrl.TrimEnd('/');
}
