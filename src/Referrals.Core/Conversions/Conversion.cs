using Referrals.Core.Attribution;

namespace Referrals.Core.Conversions;

/// <summary>
/// A lead or sale reported by a shop or payment provider. Its id is derived from the program, the
/// source and the source's event id, so the same event reported twice is the same conversion.
/// <see cref="Attribution"/> is empty until the attribution worker has decided.
/// </summary>
public sealed record Conversion(
    string Id,
    string ProgramId,
    string Source,
    string EventId,
    ConversionType Type,
    Money Amount,
    string CustomerId,
    string? ClickId,
    string? Code,
    string? ProductId,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReceivedAt,
    AttributionDecision? Attribution = null,
    string? CommissionId = null)
{
    public static string IdFor(string programId, string source, string eventId) =>
        Identifiers.Stable("cv", programId, source, eventId);
}
