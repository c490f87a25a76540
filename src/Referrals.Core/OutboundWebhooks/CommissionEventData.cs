using Referrals.Core.Commissions;

namespace Referrals.Core.OutboundWebhooks;

/// <summary>
/// The <c>data</c> of <c>commission.created</c>, <c>commission.flagged</c> and <c>commission.reversed</c>:
/// the commission as the API shows it, amounts in minor units, with the rule, rate, base and explanation
/// that produced it (for a reversal, the negative entry and the commission it <see cref="Adjusts"/>).
/// </summary>
public sealed record CommissionEventData(
    string Id,
    string ProgramId,
    string PartnerId,
    string ConversionId,
    CommissionStatus Status,
    long Amount,
    string Currency,
    long BaseAmount,
    CommissionPlanKind Rule,
    decimal? Rate,
    string Explanation,
    DateTimeOffset CreatedAt,
    int? PlanVersion,
    string? Adjusts)
{
    public static CommissionEventData From(Commission commission)
    {
        ArgumentNullException.ThrowIfNull(commission);
        return new(commission.Id, commission.ProgramId, commission.PartnerId, commission.ConversionId, commission.Status, commission.Amount.Amount,
            commission.Amount.Currency, commission.Base.Amount, commission.Rule, commission.Rate, commission.Explanation, commission.CreatedAt,
            commission.PlanVersion, commission.Adjusts);
    }

    public static WebhookEvent Event(string type, Commission commission, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(commission);
        return new WebhookEvent(WebhookEvent.IdFor(type, commission.Id), type, commission.ProgramId, now, From(commission));
    }
}
