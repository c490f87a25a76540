using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Referrals.Core.Access;
using Referrals.Api.Hosting;

namespace Referrals.Api.Security;

/// <summary>
/// Turns a presented API key into the caller's principal, or null when the key is not valid. Both the
/// <c>Bearer</c> scheme and the page sign-in use it, so a key means the same everywhere. Keys are
/// compared as SHA-256 hashes in constant time, so neither the key nor its length leaks through timing;
/// a key that is not the configured admin key is looked up by its hash among the issued keys, on every
/// call and without a cache, so a revoked or expired key stops working at once on every instance. The
/// principal carries the role and, for shop and partner keys, the program and partner they are bound to.
/// </summary>
public sealed class ApiKeyAuthenticator(IOptions<ReferralsOptions> settings, IApiKeyStore apiKeys, TimeProvider time)
{
    /// <summary>Longest key accepted; anything longer is refused before hashing.</summary>
    public const int MaxKeyLength = 500;

    private readonly byte[] _adminKeyHash = SHA256.HashData(Encoding.UTF8.GetBytes(settings.Value.AdminApiKey));

    public async Task<ClaimsPrincipal?> AuthenticateAsync(string presentedKey, string authenticationType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presentedKey);
        if (presentedKey.Length is 0 or > MaxKeyLength)
        {
            return null;
        }

        return await AuthenticateHashAsync(HashOf(presentedKey), authenticationType, cancellationToken);
    }

    /// <summary>The SHA-256 of a key, as a page session keeps it to check the key again on every request without holding the key.</summary>
    public static byte[] HashOf(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>As <see cref="AuthenticateAsync"/>, for a key known by its <see cref="HashOf"/>.</summary>
    public async Task<ClaimsPrincipal?> AuthenticateHashAsync(byte[] presented, string authenticationType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presented);
        if (CryptographicOperations.FixedTimeEquals(presented, _adminKeyHash))
        {
            return Principal(authenticationType, "admin", Roles.Admin);
        }

        // Issued keys are found by their hash: a point read, and the key itself is never stored. An
        // expired or revoked key is refused exactly like an unknown one.
        if (await apiKeys.FindAsync(Convert.ToHexStringLower(presented), cancellationToken) is not { } key || !key.IsActiveAt(time.GetUtcNow()))
        {
            return null;
        }

        return Principal(authenticationType, $"{key.Role}:{key.Name} ({key.Id})", key.Role, [.. ScopeClaims(key)]);
    }

    private static IEnumerable<Claim> ScopeClaims(ApiKey key)
    {
        yield return new Claim(ReferralClaims.KeyId, key.Id);
        if (key.ProgramId is { } programId)
        {
            yield return new Claim(ReferralClaims.ProgramId, programId);
        }

        if (key.PartnerId is { } partnerId)
        {
            yield return new Claim(ReferralClaims.PartnerId, partnerId);
        }
    }

    private static ClaimsPrincipal Principal(string authenticationType, string name, string role, params Claim[] more) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role), .. more], authenticationType));
}
