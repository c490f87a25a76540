namespace Referrals.Core.Access;

/// <summary>Remembers which sign-in links were used, so each opens one session.</summary>
public interface ISignInLinkStore
{
    /// <summary>Records <paramref name="linkId"/> as used; false when it was used before.</summary>
    Task<bool> TryUseAsync(string linkId, DateTimeOffset at, CancellationToken cancellationToken);
}
