namespace Referrals.Core.Partners;

/// <summary>Where partners are kept; a partner id is unique across programs.</summary>
public interface IPartnerStore
{
    Task CreateAsync(Partner partner, CancellationToken cancellationToken);

    Task<Partner?> GetAsync(string partnerId, CancellationToken cancellationToken);
}
