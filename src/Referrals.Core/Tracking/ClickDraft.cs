namespace Referrals.Core.Tracking;

/// <summary>A click as the redirect sees it, before the recorder gives it its id (its place in a flush).</summary>
public sealed record ClickDraft(
    string LinkCode,
    string ProgramId,
    string PartnerId,
    DateTimeOffset OccurredAt,
    string VisitorHash,
    UserAgentClass UserAgentClass,
    string? ReferrerHost,
    bool IsBot)
{
    public Click ToClick(ClickId id) => new(id, ProgramId, PartnerId, OccurredAt, VisitorHash, UserAgentClass, ReferrerHost, IsBot);
}
