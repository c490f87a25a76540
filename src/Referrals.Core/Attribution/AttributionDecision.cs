namespace Referrals.Core.Attribution;

/// <summary>Who earned a conversion and why, in words a partner or manager can read.</summary>
public sealed record AttributionDecision(
    AttributionMethod Method,
    string? PartnerId,
    string? ClickId,
    string Reason,
    DateTimeOffset DecidedAt)
{
    public bool IsAttributed => PartnerId is not null;
}
