using System.Globalization;
using Referrals.Core.Conversions;
using Referrals.Core.Partners;
using Referrals.Core.Tracking;

namespace Referrals.Core.Attribution;

/// <summary>
/// The fraud checks that hold an attributed conversion for a manager's review instead of paying it
/// automatically. Pure: each check that fires gives its reason. A suspended partner and a bot click
/// never reach these checks; <see cref="AttributionPolicy"/> refuses them outright.
/// </summary>
public static class FraudChecks
{
    /// <summary>A conversion this soon after a click from the same visitor looks like the partner buying through their own link.</summary>
    public static readonly TimeSpan SameVisitorWindow = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The reasons to hold <paramref name="conversion"/> credited to <paramref name="partner"/>, or none.
    /// <paramref name="partnerEmailHash"/> is the partner's e-mail hashed as customer e-mails are;
    /// <paramref name="click"/> is the click the conversion was credited by, if any.
    /// </summary>
    public static IReadOnlyList<string> Check(Conversion conversion, Partner partner, string? partnerEmailHash, Click? click)
    {
        ArgumentNullException.ThrowIfNull(conversion);
        ArgumentNullException.ThrowIfNull(partner);
        var reasons = new List<string>();
        if (IsSelfReferral(conversion, partner, partnerEmailHash))
        {
            reasons.Add($"self-referral: the customer is partner {partner.Id} themselves");
        }

        if (click is not null && conversion.CustomerIpHash is { } ipHash && ipHash == click.VisitorHash)
        {
            var gap = (conversion.OccurredAt - click.OccurredAt).Duration();
            if (gap <= SameVisitorWindow)
            {
                reasons.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"same visitor: click {click.Id} and the conversion came from the same IP hash {gap.TotalSeconds:0} seconds apart"));
            }
        }

        return reasons;
    }

    private static bool IsSelfReferral(Conversion conversion, Partner partner, string? partnerEmailHash) =>
        (partnerEmailHash is not null && conversion.CustomerEmailHash == partnerEmailHash)
        || string.Equals(conversion.CustomerId, partner.Id, StringComparison.Ordinal)
        || string.Equals(conversion.CustomerId.Trim(), partner.Email.Trim(), StringComparison.OrdinalIgnoreCase);
}
