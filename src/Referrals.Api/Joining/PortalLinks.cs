using Microsoft.Extensions.Options;
using Referrals.Api.Hosting;
using Referrals.Api.Security;
using Referrals.Core.Joining;
using Referrals.Core.Partners;

namespace Referrals.Api.Joining;

/// <summary>The addresses e-mails show, under one origin: the configured public one, else the request's.</summary>
public sealed class PortalLinks(SignInLinks signIn, string origin) : IPortalLinks
{
    public static PortalLinks For(HttpRequest request, SignInLinks signIn, IOptions<ReferralsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PortalLinks(signIn, SignInLinks.OriginOf(request, options.Value));
    }

    public string SignIn(Partner partner) => signIn.Issue(partner, origin).Url;

    public string Portal() => origin.TrimEnd('/') + "/portal";

    public string TrackedLink(string code) => origin.TrimEnd('/') + "/r/" + code;
}
