using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Referrals.Api.Hosting;
using Referrals.Api.Http;
using Referrals.Api.Security;
using Referrals.Core.Joining;
using Referrals.Core.Partners;
using Referrals.Core.Programs;
using Referrals.Core.Validation;

namespace Referrals.Api.Joining;

/// <summary>
/// How partners join a program: its slug (the address of its public application page), its terms in
/// versions and who accepted which, its settings for applications, and the review of applications.
/// </summary>
public static class JoiningApi
{
    /// <summary>The most applications one listing returns.</summary>
    public const int MaxListed = 200;

    public static RouteGroupBuilder MapJoiningApi(this RouteGroupBuilder api)
    {
        api.MapPut("/programs/{programId}/slug", SetSlugAsync).Accepts<SlugRequest>("application/json")
            .WithName("SetProgramSlug").WithTags("Programs")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/programs/{programId}/join-settings", GetJoinSettingsAsync)
            .WithName("GetJoinSettings").WithTags("Applications").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/programs/{programId}/join-settings", SetJoinSettingsAsync).Accepts<JoinSettingsRequest>("application/json")
            .WithName("SetJoinSettings").WithTags("Applications")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/programs/{programId}/terms", PublishTermsAsync).Accepts<TermsRequest>("application/json")
            .WithName("PublishTerms").WithTags("Terms")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).RefusesArchivedProgram();
        api.MapGet("/programs/{programId}/terms", GetTermsAsync)
            .WithName("GetTerms").WithTags("Terms").AllowRoles(EndpointRoles.ReadProgram).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/programs/{programId}/agreements", ListAgreementsAsync)
            .WithName("ListAgreements").WithTags("Terms").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/programs/{programId}/applications", ListApplicationsAsync)
            .WithName("ListApplications").WithTags("Applications")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/programs/{programId}/applications/{applicationId}/decision", DecideApplicationAsync).Accepts<ApplicationDecisionRequest>("application/json")
            .WithName("DecideApplication").WithTags("Applications")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithMetadata(ArchivedProgramRefusal.Instance);
        return api;
    }

    /// <summary>Gives the program a new slug (its application page moves to <c>/join/{slug}</c>); a slug another program holds → 409.</summary>
    public static async Task<Results<Ok<SlugResponse>, ValidationProblem, ProblemHttpResult>> SetSlugAsync(
        string programId, HttpRequest request, IProgramStore programs, IProgramSlugStore slugs, IOptions<ReferralsOptions> options, CancellationToken cancellationToken)
    {
        if (await programs.GetAsync(programId, cancellationToken) is not { } program)
        {
            return Problems.ProgramNotFound(programId);
        }

        var body = await RequestBody.ReadAsync<SlugRequest>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var slug = body.Value!.Slug?.Trim();
        if (!ProgramSlug.IsValid(slug))
        {
            return Problems.Invalid(new ValidationErrors().Add(
                "slug", $"'slug' must be {ProgramSlug.MinLength} to {ProgramSlug.MaxLength} lowercase letters, digits and single hyphens, not starting or ending with one."));
        }

        ArgumentNullException.ThrowIfNull(options);
        return await slugs.TrySetAsync(program.Id, slug!, cancellationToken)
            ? TypedResults.Ok(new SlugResponse(program.Id, slug!, $"{SignInLinks.OriginOf(request, options.Value)}/join/{slug}"))
            : Problems.Conflict($"The slug '{slug}' belongs to another program.");
    }

    /// <summary>How the program takes applications: automatic approval (for all or listed e-mail domains), rejection e-mails, the first link's destination.</summary>
    public static async Task<Results<Ok<JoinSettings>, ProblemHttpResult>> GetJoinSettingsAsync(
        string programId, IProgramStore programs, IJoinSettingsStore settings, CancellationToken cancellationToken) =>
        await programs.GetAsync(programId, cancellationToken) is { } program
            ? TypedResults.Ok(await settings.GetAsync(program.Id, cancellationToken))
            : Problems.ProgramNotFound(programId);

    /// <summary>Changes how the program takes applications; fields left out keep their values.</summary>
    public static async Task<Results<Ok<JoinSettings>, ValidationProblem, ProblemHttpResult>> SetJoinSettingsAsync(
        string programId, HttpRequest request, IProgramStore programs, IJoinSettingsStore settings, CancellationToken cancellationToken)
    {
        if (await programs.GetAsync(programId, cancellationToken) is not { } program)
        {
            return Problems.ProgramNotFound(programId);
        }

        var body = await RequestBody.ReadAsync<JoinSettingsRequest>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var change = body.Value!;
        var errors = new ValidationErrors();
        var domains = change.AutoApproveDomains?.Select(domain => domain?.Trim().ToLowerInvariant() ?? string.Empty).ToArray();
        if (domains is not null && (domains.Length > 100 || domains.Any(domain => domain.Length is 0 or > 253 || Uri.CheckHostName(domain) != UriHostNameType.Dns || !domain.Contains('.', StringComparison.Ordinal))))
        {
            errors.Add("autoApproveDomains", "'autoApproveDomains' is a list of at most 100 domain names such as example.com.");
        }

        var destination = change.DefaultDestination?.Trim();
        if (destination is { Length: > 0 } && (destination.Length > 2048 || !Uri.TryCreate(destination, UriKind.Absolute, out var uri) || !program.AllowsDestination(uri)))
        {
            errors.Add("defaultDestination", $"'defaultDestination' must be an absolute http(s) URL on the program's allowed hosts ({string.Join(", ", program.AllowedHosts)}).");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var current = await settings.GetAsync(program.Id, cancellationToken);
        var changed = new JoinSettings(
            change.AutoApprove ?? current.AutoApprove,
            domains ?? current.AutoApproveDomains,
            change.EmailRejections ?? current.EmailRejections,
            destination is null ? current.DefaultDestination : destination.Length == 0 ? null : destination);
        await settings.SetAsync(program.Id, changed, cancellationToken);
        return TypedResults.Ok(changed);
    }

    /// <summary>Publishes the text as the program's next terms version (n+1) and e-mails the active partners to accept it; an archived program publishes none (409).</summary>
    public static async Task<Results<Created<TermsResponse>, ValidationProblem, ProblemHttpResult>> PublishTermsAsync(
        string programId, HttpRequest request, PublishTerms publish, IOptions<ReferralsOptions> options, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<TermsRequest>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        ArgumentNullException.ThrowIfNull(options);
        var portal = SignInLinks.OriginOf(request, options.Value) + "/portal";
        return await publish.ExecuteAsync(programId, body.Value!.Text, portal, cancellationToken) switch
        {
            PublishTermsOutcome.Published published => TypedResults.Created($"/api/v1/programs/{programId}/terms", ToResponse(published.Terms)),
            PublishTermsOutcome.Invalid invalid => Problems.Invalid(invalid.Errors),
            PublishTermsOutcome.ProgramArchived => Problems.ProgramArchived(programId),
            _ => Problems.ProgramNotFound(programId),
        };
    }

    /// <summary>The program's current terms; 404 when it has published none.</summary>
    public static async Task<Results<Ok<TermsResponse>, ProblemHttpResult>> GetTermsAsync(
        string programId, IProgramStore programs, ITermsStore terms, CancellationToken cancellationToken)
    {
        if (await programs.GetAsync(programId, cancellationToken) is null)
        {
            return Problems.ProgramNotFound(programId);
        }

        return await terms.GetCurrentAsync(programId, cancellationToken) is { } current
            ? TypedResults.Ok(ToResponse(current))
            : Problems.NotFound("The program has published no terms yet.");
    }

    /// <summary>Every partner of the program with the newest terms version they accepted, and whether that is the current one.</summary>
    public static async Task<Results<Ok<AgreementsResponse>, ProblemHttpResult>> ListAgreementsAsync(
        string programId, IProgramStore programs, ITermsStore terms, IAgreementStore agreements, IPartnerDirectory directory, CancellationToken cancellationToken)
    {
        if (await programs.GetAsync(programId, cancellationToken) is not { } program)
        {
            return Problems.ProgramNotFound(programId);
        }

        return TypedResults.Ok(await AgreementsOfAsync(program.Id, terms, agreements, directory, cancellationToken));
    }

    /// <summary>Where each partner of the program stands with its current terms (also the manager's page).</summary>
    public static async Task<AgreementsResponse> AgreementsOfAsync(
        string programId, ITermsStore terms, IAgreementStore agreements, IPartnerDirectory directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(agreements);
        ArgumentNullException.ThrowIfNull(directory);
        var current = await terms.GetCurrentAsync(programId, cancellationToken);
        var accepted = await agreements.ListLatestAsync(programId, cancellationToken);
        var partners = await directory.ListAsync(programId, PublishTerms.MaxNotified, cancellationToken);
        return new AgreementsResponse(
            programId,
            current?.Version,
            [.. partners.Select(partner =>
            {
                var agreement = accepted.GetValueOrDefault(partner.Id);
                return new PartnerAgreementStatus(partner.Id, partner.Name, agreement, current is not null && agreement?.Version == current.Version);
            })]);
    }

    /// <summary>The program's applications, oldest first; <c>status</c> (pending, approved, rejected) narrows them.</summary>
    public static async Task<Results<Ok<IReadOnlyList<Application>>, ValidationProblem, ProblemHttpResult>> ListApplicationsAsync(
        string programId, string? status, IProgramStore programs, IApplicationStore applications, CancellationToken cancellationToken)
    {
        ApplicationStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<ApplicationStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
            {
                return Problems.Invalid(new ValidationErrors().Add("status", "'status' must be pending, approved or rejected."));
            }

            wanted = parsed;
        }

        if (await programs.GetAsync(programId, cancellationToken) is null)
        {
            return Problems.ProgramNotFound(programId);
        }

        return TypedResults.Ok(await applications.ListAsync(programId, wanted, MaxListed, cancellationToken));
    }

    /// <summary>
    /// Approves (creates the partner, a first link and the welcome e-mail with a portal sign-in link) or
    /// rejects (an e-mail when the program sends them) a pending application; one already decided → 409, and
    /// so is an approval in an archived program (a rejection still goes through).
    /// </summary>
    public static async Task<Results<Ok<Application>, ValidationProblem, ProblemHttpResult>> DecideApplicationAsync(
        string programId, string applicationId, HttpRequest request, DecideApplication decide, SignInLinks signIn, IOptions<ReferralsOptions> options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await RequestBody.ReadAsync<ApplicationDecisionRequest>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var approve = body.Value!.Decision switch { "approve" => true, "reject" => false, _ => (bool?)null };
        if (approve is null)
        {
            return Problems.Invalid(new ValidationErrors().Add("decision", "'decision' must be approve or reject."));
        }

        var decidedBy = request.HttpContext.User.Identity?.Name ?? "admin";
        return await decide.ExecuteAsync(programId, applicationId, approve.Value, body.Value.Reason, decidedBy, PortalLinks.For(request, signIn, options), cancellationToken) switch
        {
            DecideApplicationOutcome.Decided decided => TypedResults.Ok(decided.Application),
            DecideApplicationOutcome.AlreadyDecided already => Problems.Conflict($"The application was already {already.Application.Status.ToString().ToLowerInvariant()}."),
            DecideApplicationOutcome.Invalid invalid => Problems.Invalid(invalid.Errors),
            DecideApplicationOutcome.ProgramArchived => Problems.ProgramArchived(programId),
            _ => Problems.NotFound($"There is no application '{Problems.Shorten(applicationId)}' in this program."),
        };
    }

    private static TermsResponse ToResponse(ProgramTerms terms) => new(terms.ProgramId, terms.Version, terms.Text, terms.TextSha256, terms.PublishedAt);
}
