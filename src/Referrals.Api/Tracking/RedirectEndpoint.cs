using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
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

    public static IEndpointRouteBuilder MapRedirect(this IEndpointRouteBuilder app)
    {
        app.MapGet("/r/{code}", RedirectAsync).WithTags("Tracking").WithName("Redirect").RequireRateLimiting(Security.PublicRateLimits.Redirect);
        return app;
    }

    /// <summary>
    /// Records a click and answers 302 to the link's destination with <c>ref_click=&lt;click id&gt;</c>.
    /// In durable mode the 302 is sent only once the click is stored (503 if its flush entry failed);
    /// when the click buffer is full, the request waits for room in either mode;
    /// unknown codes get 404 and never a redirect.
    /// </summary>
    public static async Task<Results<RedirectHttpResult, ContentHttpResult, ProblemHttpResult>> RedirectAsync(
        string code, HttpContext context, LinkDirectory directory, ClickRecorder recorder, VisitorHasher visitors, TimeProvider time, CancellationToken cancellationToken)
    {
        var link = LinkCode.IsWellFormed(code) ? await directory.ResolveAsync(code, cancellationToken) : null;
        if (link is null)
        {
            return AcceptsHtml(context.Request)
                ? TypedResults.Content(NotFoundPage, "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound)
                : Http.Problems.NotFound("There is no link with this code.");
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

        var clickId = await recorder.RecordAsync(click, link.Program.TrackingMode, cancellationToken);

        // Every click must reach us: a cached redirect would skip the next one.
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["X-Robots-Tag"] = "noindex";
        return TypedResults.Redirect(link.LocationFor(clickId.ToString()));
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
