using Referrals.Core.Tracking;

namespace Referrals.Api.Tracking;

/// <summary>A stored click. The visitor appears only as a salted hash.</summary>
public sealed record ClickResponse(
    string Id,
    string LinkCode,
    string ProgramId,
    string PartnerId,
    DateTimeOffset OccurredAt,
    string VisitorHash,
    UserAgentClass UserAgentClass,
    string? ReferrerHost,
    bool IsBot)
{
    public static ClickResponse From(Click click) => new(
        click.Id.ToString(), click.LinkCode, click.ProgramId, click.PartnerId, click.OccurredAt, click.VisitorHash, click.UserAgentClass, click.ReferrerHost, click.IsBot);
}
