namespace Referrals.Core.Links;

/// <summary>A partner's links and referral codes, listed for the partner's own page.</summary>
public interface IPartnerLinkIndex
{
    Task<IReadOnlyList<Link>> ListLinksAsync(string partnerId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ReferralCode>> ListCodesAsync(string partnerId, CancellationToken cancellationToken);
}
