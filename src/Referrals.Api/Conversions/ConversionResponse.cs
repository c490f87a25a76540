using Referrals.Core.Attribution;
using Referrals.Core.Conversions;

namespace Referrals.Api.Conversions;

/// <summary>
/// A stored conversion and, once decided, who it was attributed to and why. <c>amount</c> and
/// <c>currency</c> are in the program's currency; a conversion reported in another currency also has
/// <c>exchange</c>: the amount as reported and the reference rate it was converted at.
/// </summary>
public sealed record ConversionResponse(
    string Id,
    string ProgramId,
    string Source,
    string EventId,
    ConversionType Type,
    long Amount,
    string Currency,
    string CustomerId,
    string? ClickId,
    string? Code,
    string? ProductId,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReceivedAt,
    string Status,
    AttributionDecision? Attribution,
    string? CommissionId,
    ExchangeResponse? Exchange = null)
{
    public static ConversionResponse From(Conversion conversion) => new(
        conversion.Id,
        conversion.ProgramId,
        conversion.Source,
        conversion.EventId,
        conversion.Type,
        conversion.Amount.Amount,
        conversion.Amount.Currency,
        conversion.CustomerId,
        conversion.ClickId,
        conversion.Code,
        conversion.ProductId,
        conversion.OccurredAt,
        conversion.ReceivedAt,
        conversion.Attribution switch
        {
            null => "awaitingAttribution",
            { IsAttributed: true } => "attributed",
            _ => "unattributed",
        },
        conversion.Attribution,
        conversion.CommissionId,
        ExchangeResponse.From(conversion.Exchange));
}
