using System.Globalization;
using Referrals.Core.Commissions;
using Referrals.Core.Conversions;
using Referrals.Core.Partners;
using Referrals.Core.Programs;

namespace Referrals.Core.Attribution;

/// <summary>
/// Decides who earned a conversion, trying in order: the click id within the cookie window, the
/// referral code, the customer lock (renewals only), the registered lead; otherwise the conversion
/// stays unattributed. Each rule that could not be used adds its reason, so the stored decision
/// explains itself.
/// </summary>
/// <remarks>
/// First click (<see cref="AttributionModel.FirstClick"/>): the pipeline sees only the click a
/// conversion names, not the customer's earlier clicks. What it knows of earlier ones is the customer
/// lock, written when a click or code first credited the customer; so under first click a click of
/// another partner loses to the lock, and without a lock the given click wins.
/// </remarks>
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
            if (problem is null && program.AttributionModel == AttributionModel.FirstClick
                && LockedElsewhere(program, evidence, click!.PartnerId, conversion.OccurredAt) is { } firstLock)
            {
                return new AttributionDecision(
                    AttributionMethod.CustomerLock,
                    firstLock.PartnerId,
                    null,
                    $"First click: {LockReason(firstLock)}; click {clickId} of partner {click.PartnerId} came later. Only the first click the pipeline credited is known, not clicks before it.",
                    now);
            }

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
                : referralCode.IsRetired
                    ? $"referral code '{referralCode.Code}' was retired"
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

        if (conversion.Type == ConversionType.Renewal && evidence.CustomerLock is { } customerLock && customerLock.ProgramId == program.Id)
        {
            var problem = !CustomerLockWindow.Holds(LockPlan(program, evidence), customerLock.LockedAt, conversion.OccurredAt)
                ? $"the customer lock of partner {customerLock.PartnerId} from {Date(customerLock.LockedAt)} ended after {CustomerLockWindow.Describe(LockPlan(program, evidence))}"
                : PartnerProblem(evidence, customerLock.PartnerId);
            if (problem is null)
            {
                return new AttributionDecision(
                    AttributionMethod.CustomerLock,
                    customerLock.PartnerId,
                    null,
                    $"Customer lock: {LockReason(customerLock)}, kept for {CustomerLockWindow.Describe(LockPlan(program, evidence))}." + NotBy(notes),
                    now);
            }

            notes.Add(problem);
        }

        if (evidence.Lead is { } lead && lead.ProgramId == program.Id)
        {
            var problem = lead.RegisteredAt > conversion.OccurredAt + ClockSkew
                ? $"partner {lead.PartnerId} registered the customer as a lead only after the conversion"
                : PartnerProblem(evidence, lead.PartnerId);
            if (problem is null)
            {
                return new AttributionDecision(
                    AttributionMethod.RegisteredLead,
                    lead.PartnerId,
                    null,
                    $"Registered lead: partner {lead.PartnerId} registered this customer on {Date(lead.RegisteredAt)}, before the conversion." + NotBy(notes),
                    now);
            }

            notes.Add(problem);
        }

        var reason = notes.Count == 0
            ? "No click id, referral code, customer lock or registered lead matched the conversion."
            : "Unattributed: " + string.Join("; ", notes) + ".";
        return new AttributionDecision(AttributionMethod.Unattributed, null, null, reason, now);
    }

    /// <summary>The reason text of a customer lock: "customer lock: first brought by partner X on 2025-03-14".</summary>
    public static string LockReason(CustomerLock customerLock)
    {
        ArgumentNullException.ThrowIfNull(customerLock);
        return $"first brought by partner {customerLock.PartnerId} on {Date(customerLock.LockedAt)}";
    }

    private static CustomerLock? LockedElsewhere(ReferralProgram program, AttributionEvidence evidence, string partnerId, DateTimeOffset at) =>
        evidence.CustomerLock is { } customerLock
        && customerLock.ProgramId == program.Id
        && customerLock.PartnerId != partnerId
        && CustomerLockWindow.Holds(LockPlan(program, evidence), customerLock.LockedAt, at)
        && PartnerProblem(evidence, customerLock.PartnerId) is null
            ? customerLock
            : null;

    private static CommissionPlan LockPlan(ReferralProgram program, AttributionEvidence evidence) => evidence.LockPlan?.Plan ?? program.Plan;

    private static string NotBy(List<string> notes) =>
        notes.Count > 0 ? $" Not otherwise: {string.Join("; ", notes)}." : string.Empty;

    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? PartnerProblem(AttributionEvidence evidence, string partnerId) =>
        evidence.Partners.TryGetValue(partnerId, out var partner)
            ? partner.Status == PartnerStatus.Active ? null : $"partner {partnerId} is {partner.Status.ToString().ToLowerInvariant()}"
            : $"partner {partnerId} no longer exists";

    private static string Days(TimeSpan age) =>
        Math.Max(0, age.TotalDays).ToString("0.#", CultureInfo.InvariantCulture);
}
