using Referrals.Core.Links;

namespace Referrals.Api.Programs;

/// <summary>
/// A partner's tracked link: share <see cref="Url"/>. <see cref="Utm"/> are the campaign parameters the
/// redirect appends to <see cref="Destination"/>; <see cref="QrCodeUrl"/> is the link's QR code (SVG).
/// A retired link (<see cref="RetiredAt"/>) answers 410.
/// </summary>
public sealed record LinkResponse(
    string Code, string Url, string ProgramId, string PartnerId, string Destination, string? Campaign, DateTimeOffset CreatedAt, UtmParameters? Utm = null, string? QrCodeUrl = null, DateTimeOffset? RetiredAt = null)
{
    public static LinkResponse From(Link link, string url)
    {
        ArgumentNullException.ThrowIfNull(link);
        return new(link.Code, url, link.ProgramId, link.PartnerId, link.Destination.ToString(), link.Campaign, link.CreatedAt, link.Utm, LinkQrCode.PathFor(link), link.RetiredAt);
    }
}
