using Referrals.Core.Partners;

namespace Referrals.Core.Joining;

/// <summary>The addresses e-mails point partners to: a one-time sign-in link, the portal, a tracked link.</summary>
public interface IPortalLinks
{
    string SignIn(Partner partner);

    string Portal();

    string TrackedLink(string code);
}
