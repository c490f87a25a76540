namespace Referrals.Core.Tracking;

/// <summary>One visit through a link, as stored: never the raw IP, only its salted hash.</summary>
public sealed record Click(
    ClickId Id,
    string ProgramId,
    string PartnerId,
    DateTimeOffset OccurredAt,
    string VisitorHash,
    UserAgentClass UserAgentClass,
    string? ReferrerHost,
    bool IsBot)
{
    public string LinkCode => Id.LinkCode;
}
