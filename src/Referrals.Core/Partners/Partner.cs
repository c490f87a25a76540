namespace Referrals.Core.Partners;

/// <summary>Someone who sends buyers to a program and earns commissions for them.</summary>
public sealed record Partner(
    string Id,
    string ProgramId,
    string Name,
    string Email,
    PartnerType Type,
    PartnerStatus Status,
    DateTimeOffset CreatedAt);
