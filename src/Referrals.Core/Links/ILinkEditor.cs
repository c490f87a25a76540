namespace Referrals.Core.Links;

/// <summary>Changes to issued links and codes, and their lists by partner.</summary>
public interface ILinkEditor
{
    /// <summary>
    /// Applies <paramref name="change"/> to the stored link (again on a concurrent write, so no change is
    /// lost); the link before and after, or null when there is no link <paramref name="code"/>.
    /// </summary>
    Task<(Link Before, Link After)?> UpdateLinkAsync(string code, Func<Link, Link> change, CancellationToken cancellationToken);

    /// <summary>As <see cref="UpdateLinkAsync"/>, for the program's referral code (compared regardless of case).</summary>
    Task<(ReferralCode Before, ReferralCode After)?> UpdateCodeAsync(string programId, string code, Func<ReferralCode, ReferralCode> change, CancellationToken cancellationToken);

    /// <summary>The partner's links in code order, after the code <paramref name="after"/>.</summary>
    Task<ListPage<Link>> ListLinksAsync(string partnerId, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>The partner's referral codes in (normalized) code order, after <paramref name="after"/>.</summary>
    Task<ListPage<ReferralCode>> ListCodesAsync(string partnerId, string? after, int limit, CancellationToken cancellationToken);
}
