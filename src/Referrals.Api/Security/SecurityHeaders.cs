namespace Referrals.Api.Security;

/// <summary>
/// Headers every answer carries: no MIME sniffing, no framing (clickjacking of the decision pages), and
/// a referrer policy that never hands a full URL with a token or a code to another site.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            Apply(context.Response);
            return next(context);
        });

    /// <summary>Sets the headers on a response that has not started.</summary>
    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = "frame-ancestors 'none'";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
    }
}
