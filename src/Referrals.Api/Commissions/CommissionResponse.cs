using Referrals.Core.Commissions;

namespace Referrals.Api.Commissions;

/// <summary>A commission with the rule, rate, base and plan version that produced it, and a sentence explaining it.</summary>
public sealed record CommissionResponse(
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
    public static CommissionResponse From(Commission commission) => new(
        commission.Id,
        commission.ProgramId,
        commission.PartnerId,
        commission.ConversionId,
        commission.Status,
        commission.Amount.Amount,
        commission.Amount.Currency,
        commission.Base.Amount,
        commission.Rule,
        commission.Rate,
        commission.Explanation,
        commission.CreatedAt,
        commission.PlanVersion,
        commission.Adjusts);
}
