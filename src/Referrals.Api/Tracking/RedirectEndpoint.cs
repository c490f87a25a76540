using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Referrals.Api.Security;
using Referrals.Api.Hosting;
using Referrals.Core.Links;
using Referrals.Core.Tracking;

namespace Referrals.Api.Tracking;

/// <summary><c>GET /r/{code}</c>: record the click, then send the visitor on with <c>ref_click</c> added.</summary>
public static class RedirectEndpoint
{
    private const string NotFoundPage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Link not found</title></head>
        <body><h1>This link does not exist</h1><p>Check the address, or ask whoever shared it for a new one.</p></body></html>
        """;

    private const string GonePage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Link no longer in use</title></head>
        <body><h1>This link is no longer in use</h1><p>Whoever shared it has retired it. Ask them for a current one.</p></body></html>
        """;

    public static IEndpointRouteBuilder MapRedirect(this IEndpointRouteBuilder app)
    {
        app.MapGet("/r/{code}", RedirectAsync).WithTags("Tracking").WithName("Redirect").Produces(StatusCodes.Status302Found).ProducesProblem(StatusCodes.Status410Gone).RequirePublicRateLimit(Security.PublicRateLimits.Redirect);
        return app;
    }

    /// <summary>
    /// Records a click and answers 302 to the link's destination with <c>ref_click=&lt;click id&gt;</c>.
    /// In durable mode the 302 is sent once the click is stored (503 if storage refused its entry).
    /// A visitor never waits longer than <c>Referrals:Clicks:RedirectWait</c> (2 s by default): when storage
    /// is slower, the 302 goes out anyway and the click stays buffered until storage answers again
    /// (counted as <c>referrals.clicks.degraded</c>); when the click buffer stays full that long, the
    /// visitor is sent to the destination without a click id and the click is not recorded (counted as
    /// <c>referrals.clicks.dropped</c>). Unknown codes get 404, retired links (and links of an archived
    /// program) 410, and never a redirect.
    /// </summary>
    public static async Task<Results<RedirectHttpResult, ContentHttpResult, ProblemHttpResult>> RedirectAsync(
        string code, HttpContext context, LinkDirectory directory, ClickRecorder recorder, VisitorHasher visitors, TimeProvider time,
        IOptions<ClickRecorderOptions> options, ReferralMetrics metrics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        var wait = options.Value.RedirectWait;
        var started = time.GetTimestamp();
        ResolvedLink? link = null;
        if (LinkCode.IsWellFormed(code))
        {
            // A link not in the cache needs storage too; past the wait that ends in 503, as no destination is known.
            link = await directory.ResolveAsync(code, wait, cancellationToken);
        }

        if (link is null)
        {
            return AcceptsHtml(context.Request)
                ? TypedResults.Content(NotFoundPage, "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound)
                : Http.Problems.NotFound("There is no link with this code.");
        }

        if (link.Link.IsRetired || link.Program.IsArchived)
        {
            // Gone, never a redirect: a retired link sends nobody on and records no click.
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers["X-Robots-Tag"] = "noindex";
            return AcceptsHtml(context.Request)
                ? TypedResults.Content(GonePage, "text/html; charset=utf-8", statusCode: StatusCodes.Status410Gone)
                : Http.Problems.Status(StatusCodes.Status410Gone, "Gone", "This link was retired and no longer leads anywhere.");
        }

        var request = context.Request;
        var now = time.GetUtcNow();
        var (userAgentClass, isBot) = UserAgentClassifier.Classify(request.Headers.UserAgent, IsPrefetch(request));
        var click = new ClickDraft(
            link.Link.Code,
            link.Link.ProgramId,
            link.Link.PartnerId,
            now,
            visitors.Hash(context.Connection.RemoteIpAddress),
            userAgentClass,
            ReferrerHost(request),
            isBot);

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

        // Every click must reach us: a cached redirect would skip the next one.
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["X-Robots-Tag"] = "noindex";
        return TypedResults.Redirect(recording.Id is { } clickId ? link.LocationFor(clickId.ToString()) : link.Link.LandingUrl.AbsoluteUri);
    }

    private static bool IsPrefetch(HttpRequest request) =>
        request.Headers["Sec-Purpose"].ToString().Contains("prefetch", StringComparison.OrdinalIgnoreCase)
        || request.Headers["Purpose"].ToString().Contains("prefetch", StringComparison.OrdinalIgnoreCase)
        || request.Headers["X-Moz"].ToString().Contains("prefetch", StringComparison.OrdinalIgnoreCase);

    private static string? ReferrerHost(HttpRequest request) =>
        Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referrer) && referrer.Host.Length <= 253
            ? referrer.Host
            : null;

    private static bool AcceptsHtml(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
