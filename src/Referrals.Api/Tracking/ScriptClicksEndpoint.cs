using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Referrals.Api.Hosting;
using Referrals.Api.Http;
using Referrals.Api.Security;
using Referrals.Core.Programs;
using Referrals.Core.Tracking;

namespace Referrals.Api.Tracking;

/// <summary>
/// <c>POST /api/v1/programs/{programId}/clicks</c>: the shop's script records a click for a partner's code
/// found in a shop page's address. Public like the redirect, with its bot rules and visitor hash, and
/// callable from a browser only on the program's own shop origins (CORS answered per program).
/// </summary>
public static class ScriptClicksEndpoint
{
    public const string Route = "/api/v1/programs/{programId}/clicks";

    public static IEndpointRouteBuilder MapScriptClicks(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, RecordAsync)
            .AllowAnonymous()
            .WithTags("Tracking")
            .WithName("RecordScriptClick")
            .Accepts<ScriptClickDraft>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireRateLimiting(PublicRateLimits.ScriptClicks);

        // The browser asks first, since the script posts JSON; the answer is the program's, so no CORS middleware is involved.
        app.MapMethods(Route, [HttpMethods.Options], PreflightAsync)
            .AllowAnonymous()
            .WithTags("Tracking")
            .WithName("PreflightScriptClick")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(PublicRateLimits.ScriptPreflights);
        return app;
    }

    /// <summary>
    /// Records a click through the link <c>code</c> of this program, as the redirect would, and answers
    /// <c>{clickId}</c>. A browser may call it only from an origin on the program's allowed hosts, and
    /// <c>landingUrl</c> must be a page on them. Unknown codes, foreign origins and bad URLs store nothing; a retired link or an archived program's answers 410.
    /// </summary>
    public static async Task<Results<Created<ScriptClickResponse>, ValidationProblem, ProblemHttpResult>> RecordAsync(
        string programId, HttpContext context, LinkDirectory directory, ClickRecorder recorder, VisitorHasher visitors, TimeProvider time,
        IOptions<ClickRecorderOptions> options, ReferralMetrics metrics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        var request = context.Request;
        var body = await RequestBody.ReadAsync<ScriptClickDraft>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var draft = body.Value!;
        var wait = options.Value.RedirectWait;
        var started = time.GetTimestamp();
        var link = draft.HasWellFormedCode ? await directory.ResolveAsync(draft.Code!.Trim(), wait, cancellationToken) : null;
        if (link is null || link.Link.ProgramId != programId)
        {
            return Problems.NotFound("There is no link with this code in this program.");
        }

        if (link.Link.IsRetired || link.Program.IsArchived)
        {
            // As the redirect answers: a retired link, or one of an archived program, records no click.
            return Problems.Status(StatusCodes.Status410Gone, "Gone", "This link was retired and no longer records clicks.");
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !ShopOrigin.IsAllowed(link.Program, origin))
        {
            return ForeignOrigin();
        }

        AllowOrigin(context.Response, origin);
        var errors = draft.Validate(link.Program);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var (userAgentClass, isBot) = UserAgentClassifier.Classify(request.Headers.UserAgent, isPrefetch: false);
        var click = new ClickDraft(
            link.Link.Code, link.Link.ProgramId, link.Link.PartnerId, time.GetUtcNow(), visitors.Hash(context.Connection.RemoteIpAddress), userAgentClass, draft.ReferrerHost, isBot);
        var remaining = wait - time.GetElapsedTime(started);
        var recording = await recorder.RecordWithinAsync(click, link.Program.TrackingMode, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, cancellationToken);
        if (recording.Outcome == ClickRecordingOutcome.Degraded)
        {
            metrics.ClickDegraded();
        }
        else if (recording.Outcome == ClickRecordingOutcome.Dropped)
        {
            metrics.ClickDropped();
        }

        context.Response.Headers.CacheControl = "no-store";
        if (recording.Id is not { } clickId)
        {
            context.Response.Headers.RetryAfter = "1";
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Click not recorded", "The click could not be recorded in time; retry in a moment.");
        }

        var id = clickId.ToString();
        return TypedResults.Created($"/api/v1/clicks/{id}", new ScriptClickResponse(id, link.Program.CookieDays));
    }

    /// <summary>The CORS preflight: allowed (204) only for an origin on the program's allowed hosts asking to POST.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> PreflightAsync(string programId, HttpContext context, IProgramStore programs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await programs.GetAsync(programId, cancellationToken) is not { } program)
        {
            return Problems.ProgramNotFound(programId);
        }

        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        if (!ShopOrigin.IsAllowed(program, origin)
            || !string.Equals(request.Headers.AccessControlRequestMethod, HttpMethods.Post, StringComparison.OrdinalIgnoreCase))
        {
            return ForeignOrigin();
        }

        var headers = context.Response.Headers;
        AllowOrigin(context.Response, origin);
        headers.AccessControlAllowMethods = HttpMethods.Post;
        headers.AccessControlAllowHeaders = "Content-Type";
        headers.AccessControlMaxAge = "600";
        return TypedResults.NoContent();
    }

    private static void AllowOrigin(HttpResponse response, string origin)
    {
        // The answer depends on the caller's origin, so no cache may hand it to another one.
        response.Headers.Vary = "Origin";
        if (origin.Length > 0)
        {
            response.Headers.AccessControlAllowOrigin = origin;
        }
    }

    private static ProblemHttpResult ForeignOrigin() =>
        Problems.Status(StatusCodes.Status403Forbidden, "Origin not allowed", "Clicks are recorded only from pages on the program's allowed hosts.");
}
