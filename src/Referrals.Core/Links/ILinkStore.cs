namespace Referrals.Core.Links;

/// <summary>Where links are kept, by code.</summary>
public interface ILinkStore
{
    /// <summary>Stores the link unless its code is taken; false means choose another code.</summary>
    Task<bool> TryCreateAsync(Link link, CancellationToken cancellationToken);

    Task<Link?> GetAsync(string code, CancellationToken cancellationToken);
}
