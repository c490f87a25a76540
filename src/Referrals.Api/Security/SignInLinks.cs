using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Referrals.Core;
using Referrals.Core.Access;
using Referrals.Core.Partners;
using Referrals.Api.Hosting;

namespace Referrals.Api.Security;

/// <summary>
/// Issues and checks partners' magic sign-in links. The signing key is derived (HKDF) from
/// <c>Referrals:SecretsKey</c> for this one purpose, so no new secret has to be configured and the
/// key that encrypts webhook secrets never signs anything itself.
/// </summary>
public sealed class SignInLinks(IOptions<ReferralsOptions> options, TimeProvider time)
{
    private readonly byte[] _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Convert.FromBase64String(options.Value.SecretsKey), 32, info: "referrals:partner-sign-in-link"u8.ToArray());

    /// <summary>A fresh link for <paramref name="partner"/> under <paramref name="origin"/>, and when it expires.</summary>
    public (string Url, DateTimeOffset Expires) Issue(Partner partner, string origin)
    {
        ArgumentNullException.ThrowIfNull(partner);
        var expires = time.GetUtcNow().Add(SignInLink.Lifetime);
        var token = SignInLink.Create(_key, partner.Id, Identifiers.New("sil"), expires);
        return ($"{origin.TrimEnd('/')}/portal/signin/{token}", expires);
    }

    public SignInLinkCheck Check(string? token) => SignInLink.Verify(_key, token, time.GetUtcNow());

    /// <summary>The origin sign-in links lead to: the pages' own (<c>Referrals:WebBaseUrl</c>), else the one links are shown under.</summary>
    public static string PagesOriginOf(HttpRequest request, ReferralsOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return string.IsNullOrWhiteSpace(settings.WebBaseUrl) ? OriginOf(request, settings) : settings.WebBaseUrl.TrimEnd('/');
    }

    /// <summary>The origin links are shown under: the configured public one, else the request's.</summary>
    public static string OriginOf(HttpRequest request, ReferralsOptions settings) =>
        string.IsNullOrWhiteSpace(settings.PublicBaseUrl)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : settings.PublicBaseUrl.TrimEnd('/');
}
