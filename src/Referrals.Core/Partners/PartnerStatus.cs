namespace Referrals.Core.Partners;

/// <summary>Whether a partner may earn: only <see cref="Active"/> partners are credited.</summary>
public enum PartnerStatus
{
    Pending,
    Active,
    Suspended,
}
