using Referrals.Core.Links;
using Referrals.Core.Programs;

namespace Referrals.Api.Tracking;

/// <summary>
/// A link ready for redirects: its program (for the tracking mode) and its destination split around
/// the place where <c>ref_click</c> goes, so a redirect only concatenates strings.
/// </summary>
public sealed record ResolvedLink(Link Link, ReferralProgram Program, string LocationPrefix, string LocationSuffix)
{
    public const string ClickParameter = "ref_click";

    public static ResolvedLink Create(Link link, ReferralProgram program)
    {
        var destination = link.LandingUrl;
        var withoutFragment = destination.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.Fragment, UriFormat.UriEscaped);
        var separator = string.IsNullOrEmpty(destination.Query) ? "?" : destination.Query.EndsWith('&') || destination.Query == "?" ? string.Empty : "&";
        return new ResolvedLink(link, program, withoutFragment + separator + ClickParameter + "=", destination.Fragment);
    }

    public string LocationFor(string clickId) => string.Concat(LocationPrefix, clickId, LocationSuffix);
}
