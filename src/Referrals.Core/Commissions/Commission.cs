namespace Referrals.Core.Commissions;

/// <summary>
/// What a partner earned for one conversion, with the rule, rate and base that produced it, so the
/// partner can check the arithmetic (<see cref="Explanation"/>). A refund, chargeback or reinstatement
/// gives an entry of its own (negative for a reversal) that names the commission it
/// <see cref="Adjusts"/>; that commission keeps the running totals the next adjustment starts from.
/// </summary>
/// <remarks>
/// <see cref="Adjusts"/>: for a reversal or reinstatement, the id of the commission it changes.
/// <see cref="Refunded"/> and <see cref="ChargedBack"/>: of the payment behind this commission, the paid
/// money refunded so far and taken back by open or lost disputes. <see cref="Reversed"/>: how much of
/// <see cref="Amount"/> the adjustments have reversed so far, never more than <see cref="Amount"/>.
/// <see cref="PlanVersion"/>: the version of the program's plan it was earned under (null for entries
/// stored before plans had versions).
/// </remarks>
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
    DateTimeOffset CreatedAt,
    string? Adjusts = null,
    long Refunded = 0,
    long ChargedBack = 0,
    long Reversed = 0,
    int? PlanVersion = null)
{
    /// <summary>One commission (or adjustment entry) per conversion: its id is derived from the conversion's.</summary>
    public static string IdFor(string conversionId) => Identifiers.Stable("cm", conversionId);
}
