using Referrals.Core.Attribution;
using Referrals.Core.Conversions;

namespace Referrals.Core.OutboundWebhooks;

/// <summary>The <c>data</c> of <c>conversion.attributed</c> and <c>conversion.unattributed</c>: the conversion as the API shows it, with its attribution and reason.</summary>
public sealed record ConversionEventData(
    string Id,
    string ProgramId,
    ConversionType Type,
    long Amount,
    string Currency,
    string CustomerId,
    DateTimeOffset OccurredAt,
    AttributionDecision Attribution,
    string? CommissionId)
{
    public static ConversionEventData From(Conversion conversion, AttributionDecision attribution, string? commissionId)
    {
        ArgumentNullException.ThrowIfNull(conversion);
        return new(conversion.Id, conversion.ProgramId, conversion.Type, conversion.Amount.Amount, conversion.Amount.Currency, conversion.CustomerId, conversion.OccurredAt, attribution, commissionId);
    }

    /// <summary>The event for a decided conversion: attributed when a partner was credited.</summary>
    public static WebhookEvent Event(Conversion conversion, AttributionDecision attribution, string? commissionId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(attribution);
        var type = attribution.IsAttributed ? WebhookEventTypes.ConversionAttributed : WebhookEventTypes.ConversionUnattributed;
        return new WebhookEvent(WebhookEvent.IdFor(type, conversion.Id), type, conversion.ProgramId, now, From(conversion, attribution, commissionId));
    }
}
