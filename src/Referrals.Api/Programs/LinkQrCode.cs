using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using QRCoder;
using Referrals.Api.Hosting;
using Referrals.Api.Http;
using Referrals.Core.Links;

namespace Referrals.Api.Programs;

/// <summary>A link's QR code: its public <c>/r/{code}</c> URL as an SVG, for print and for the partner portal.</summary>
public static class LinkQrCode
{
    public static RouteGroupBuilder MapLinkQrCodes(this RouteGroupBuilder api)
    {
        api.MapGet("/programs/{programId}/links/{code}/qr.svg", GetAsync)
            .WithTags("Links")
            .WithName("GetLinkQrCode")
            .Produces(StatusCodes.Status200OK, contentType: "image/svg+xml")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>The path of <paramref name="link"/>'s QR code in the API.</summary>
    public static string PathFor(Link link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return $"/api/v1/programs/{Uri.EscapeDataString(link.ProgramId)}/links/{link.Code}/qr.svg";
    }

    /// <summary>The QR code of <paramref name="url"/> as a standalone SVG document (medium error correction, quiet zone included).</summary>
    public static string Svg(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(8);
    }

    /// <summary>Returns the QR code (SVG) of a program's link: it encodes the link's shareable URL.</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetAsync(
        string programId, string code, HttpRequest request, ILinkStore links, IOptions<ReferralsOptions> options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var link = LinkCode.IsWellFormed(code) ? await links.GetAsync(code, cancellationToken) : null;
        if (link is null || link.ProgramId != programId)
        {
            return Problems.NotFound("There is no link with this code in this program.");
        }

        request.HttpContext.Response.Headers.CacheControl = "private, max-age=86400";
        var url = $"{ProgramsApi.PublicOrigin(request, options.Value)}/r/{link.Code}";
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(Svg(url)), "image/svg+xml", $"{link.Code}.svg");
    }
}
