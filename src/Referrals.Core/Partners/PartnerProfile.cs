namespace Referrals.Core.Partners;

/// <summary>
/// What a partner tells the program about themselves: the name they are paid and listed under, their
/// website or channels (where they promote), and their country (ISO 3166 alpha-2, e.g. DE).
/// </summary>
public sealed record PartnerProfile(string PartnerId, string Name, string? Website, string? Channels, string? Country, DateTimeOffset UpdatedAt);
