namespace Referrals.Core.Commissions;

/// <summary>
/// What a partner earned for one conversion, with the rule, rate and base that produced it, so the
/// partner can check the arithmetic (<see cref="Explanation"/>).
/// </summary>
public sealed record Commission(
    string Id,
    string ProgramId,
    string PartnerId,
    string ConversionId,
    CommissionStatus Status,
    Money Amount,
    Money Base,
    CommissionPlanKind Rule,
    decimal? Rate,
    string Explanation,
    DateTimeOffset CreatedAt)
{
    /// <summary>One commission per conversion: its id is derived from the conversion's.</summary>
    public static string IdFor(string conversionId) => Identifiers.Stable("cm", conversionId);
}
