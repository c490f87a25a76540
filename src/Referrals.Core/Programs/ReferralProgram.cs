using Referrals.Core.Commissions;

namespace Referrals.Core.Programs;

/// <summary>A partner program: its currency, cookie window, allowed destinations, commission plan and payout settings.</summary>
public sealed record ReferralProgram(
    string Id,
    string Name,
    string Currency,
    IReadOnlyList<string> AllowedHosts,
    int CookieDays,
    CommissionPlan Plan,
    TrackingMode TrackingMode,
    AttributionModel AttributionModel,
    DateTimeOffset CreatedAt,
    Payouts.PayoutSettings? PayoutSettings = null,
    DateTimeOffset? ArchivedAt = null)
{
    /// <summary>An archived program's links stop and its codes credit nobody; its data stays readable.</summary>
    public bool IsArchived => ArchivedAt is not null;

    /// <summary>How the program pays; the defaults for a program stored before it had payout settings.</summary>
    public Payouts.PayoutSettings Payouts => PayoutSettings ?? Core.Payouts.PayoutSettings.Default;

    public TimeSpan CookieWindow => TimeSpan.FromDays(CookieDays);

    /// <summary>
    /// True when <paramref name="destination"/> is an absolute http(s) URL whose host is on the
    /// allow-list, or a subdomain of an allowed host. Anything else would make us an open redirect.
    /// </summary>
    public bool AllowsDestination(Uri destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.IsAbsoluteUri || (destination.Scheme != Uri.UriSchemeHttps && destination.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(destination.UserInfo))
        {
            return false;
        }

        var host = destination.IdnHost.ToLowerInvariant();
        return AllowedHosts.Any(allowed => host == allowed || host.EndsWith("." + allowed, StringComparison.Ordinal));
    }
}
