namespace Referrals.Core.Partners;

/// <summary>Where partners' profiles are kept.</summary>
public interface IPartnerProfileStore
{
    /// <summary>The partner's profile, or null when they have not saved one.</summary>
    Task<PartnerProfile?> GetAsync(string partnerId, CancellationToken cancellationToken);

    /// <summary>Stores the profile; the partner's name changes with it.</summary>
    Task SaveAsync(PartnerProfile profile, CancellationToken cancellationToken);
}
