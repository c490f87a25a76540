using Referrals.Core.Links;

namespace Referrals.Api.Programs;

/// <summary>A partner's tracked link: share <see cref="Url"/>. A retired link (<see cref="RetiredAt"/>) answers 410.</summary>
public sealed record LinkResponse(string Code, string Url, string ProgramId, string PartnerId, string Destination, string? Campaign, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt = null)
{
    public static LinkResponse From(Link link, string url)
    {
        ArgumentNullException.ThrowIfNull(link);
        return new(link.Code, url, link.ProgramId, link.PartnerId, link.Destination.ToString(), link.Campaign, link.CreatedAt, link.RetiredAt);
    }
}
