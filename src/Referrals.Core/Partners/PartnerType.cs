namespace Referrals.Core.Partners;

/// <summary>The relationship a partner has with the business.</summary>
public enum PartnerType
{
    Affiliate,
    Customer,
    Referrer,
    Reseller,
    Employee,
}
