namespace Referrals.Core.Partners;

/// <summary>
/// Someone who sends buyers to a program and earns commissions for them. <see cref="IntroducedBy"/> is
/// the partner who brought this one to the program, who earns the plan's second-tier share of this
/// partner's commissions. <see cref="Agreement"/> is the partner's newest acceptance of the program's
/// terms, filled in where a partner is shown (it is kept apart, in the agreements), and
/// <see cref="PlanInForce"/> the plan the partner earns under now and its group, likewise.
/// </summary>
public sealed record Partner(
    string Id,
    string ProgramId,
    string Name,
    string Email,
    PartnerType Type,
    PartnerStatus Status,
    DateTimeOffset CreatedAt,
    string? IntroducedBy = null,
    Joining.Agreement? Agreement = null,
    Groups.PartnerPlanSummary? PlanInForce = null);
