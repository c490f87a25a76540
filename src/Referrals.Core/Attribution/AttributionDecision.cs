namespace Referrals.Core.Attribution;

/// <summary>Who earned a conversion and why, in words a partner or manager can read; <see cref="Flag"/> is the fraud check that held it for review.</summary>
public sealed record AttributionDecision(
    AttributionMethod Method,
    string? PartnerId,
    string? ClickId,
    string Reason,
    DateTimeOffset DecidedAt,
    string? Flag = null)
{
    /// <summary>True when a fraud check raised <see cref="Flag"/>: the commission waits for a manager's review.</summary>
    public bool IsFlagged => Flag is not null;

    public bool IsAttributed => PartnerId is not null;
}
