using System.Globalization;
using Referrals.Core.Conversions;
using Referrals.Core.Partners;
using Referrals.Core.Programs;

namespace Referrals.Core.Attribution;

/// <summary>
/// Decides who earned a conversion, trying in order: the click id within the cookie window, then the
/// referral code; otherwise the conversion stays unattributed. Each rule that could not be used adds
/// its reason, so the stored decision explains itself.
/// </summary>
public static class AttributionPolicy
{
    /// <summary>A click may be stamped slightly after the conversion when clocks disagree.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static AttributionDecision Decide(Conversion conversion, ReferralProgram program, AttributionEvidence evidence, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conversion);
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(evidence);
        var notes = new List<string>();

        if (conversion.ClickId is { } clickId)
        {
            var click = evidence.Click;
            var age = click is null ? TimeSpan.Zero : conversion.OccurredAt - click.OccurredAt;
            var problem = click switch
            {
                null => $"click {clickId} was not found",
                _ when click.ProgramId != program.Id => $"click {clickId} belongs to another program",
                { IsBot: true } => $"click {clickId} was made by a bot, crawler or prefetch",
                _ when age > program.CookieWindow => $"click {clickId} is {Days(age)} days old, outside the {program.CookieDays}-day cookie window",
                _ when age < -ClockSkew => $"click {clickId} happened after the conversion",
                _ => PartnerProblem(evidence, click.PartnerId),
            };
            if (problem is null)
            {
                return new AttributionDecision(
                    AttributionMethod.Click,
                    click!.PartnerId,
                    clickId,
                    $"Click {clickId} on link {click.LinkCode}, {Days(age)} days before the conversion, within the {program.CookieDays}-day cookie window.",
                    now);
            }

            notes.Add(problem);
        }

        if (conversion.Code is { } code)
        {
            var referralCode = evidence.ReferralCode;
            var problem = referralCode is null || referralCode.ProgramId != program.Id
                ? $"referral code '{code}' is not a code of this program"
                : PartnerProblem(evidence, referralCode.PartnerId);
            if (problem is null)
            {
                return new AttributionDecision(
                    AttributionMethod.ReferralCode,
                    referralCode!.PartnerId,
                    null,
                    $"Referral code '{referralCode.Code}' was used." + (notes.Count > 0 ? $" Not by click: {string.Join("; ", notes)}." : string.Empty),
                    now);
            }

            notes.Add(problem);
        }

        var reason = notes.Count == 0
            ? "No click id or referral code came with the conversion."
            : "Unattributed: " + string.Join("; ", notes) + ".";
        return new AttributionDecision(AttributionMethod.Unattributed, null, null, reason, now);
    }

    private static string? PartnerProblem(AttributionEvidence evidence, string partnerId) =>
        evidence.Partners.TryGetValue(partnerId, out var partner)
            ? partner.Status == PartnerStatus.Active ? null : $"partner {partnerId} is {partner.Status.ToString().ToLowerInvariant()}"
            : $"partner {partnerId} no longer exists";

    private static string Days(TimeSpan age) =>
        Math.Max(0, age.TotalDays).ToString("0.#", CultureInfo.InvariantCulture);
}
