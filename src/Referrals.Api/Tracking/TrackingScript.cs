using System.Security.Cryptography;

namespace Referrals.Api.Tracking;

/// <summary>
/// <c>GET /t.js</c>: the first-party script shops include. The bytes are embedded in this assembly, so
/// both hosts serve the same file, and its version and integrity are its hash: <c>/t.js?v=</c><see cref="Version"/>
/// is cached for a year, the bare <c>/t.js</c> for five minutes, and both carry an ETag.
/// </summary>
public static class TrackingScript
{
    private const string ResourceName = "Referrals.Api.Tracking.t.js";
    private static readonly Lazy<(byte[] Bytes, string Integrity, string Version)> Script = new(Load);

    /// <summary>The script's bytes.</summary>
    public static ReadOnlyMemory<byte> Bytes => Script.Value.Bytes;

    /// <summary>The Subresource Integrity value of the script (<c>sha384-…</c>), for the <c>integrity</c> attribute.</summary>
    public static string Integrity => Script.Value.Integrity;

    /// <summary>A short hash of the script: the <c>v</c> of its versioned URL, and its ETag.</summary>
    public static string Version => Script.Value.Version;

    public static IEndpointRouteBuilder MapTrackingScript(this IEndpointRouteBuilder app)
    {
        app.MapGet("/t.js", Serve).AllowAnonymous().WithTags("Tracking").WithName("GetTrackingScript");
        return app;
    }

    /// <summary>
    /// The script, cacheable: a year and immutable under its versioned URL, five minutes without it (so a
    /// new version reaches unversioned pages soon); 304 when the caller's ETag matches. Any site may
    /// load it, with or without <c>crossorigin</c> (needed for the integrity check).
    /// </summary>
    public static IResult Serve(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Response.Headers;
        var etag = $"\"{Version}\"";
        headers.ETag = etag;
        headers.CacheControl = context.Request.Query["v"] == Version ? "public, max-age=31536000, immutable" : "public, max-age=300";
        headers.AccessControlAllowOrigin = "*";
        headers["Cross-Origin-Resource-Policy"] = "cross-origin";
        if (context.Request.Headers.IfNoneMatch.Any(value => value is not null && value.Split(',').Any(tag => tag.Trim() == etag)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(Bytes, "text/javascript; charset=utf-8");
    }

    private static (byte[] Bytes, string Integrity, string Version) Load()
    {
        using var stream = typeof(TrackingScript).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        var hash = SHA384.HashData(bytes);
        return (bytes, "sha384-" + Convert.ToBase64String(hash), Convert.ToHexStringLower(hash)[..12]);
    }
}
