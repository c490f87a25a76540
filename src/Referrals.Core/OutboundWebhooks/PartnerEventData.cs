using Referrals.Core.Joining;

namespace Referrals.Core.OutboundWebhooks;

/// <summary>
/// The <c>data</c> of <c>partner.applied</c> and <c>partner.approved</c>: the application as the API shows
/// it (with the partner it became, once approved).
/// </summary>
public sealed record PartnerEventData(
    string ApplicationId, string? PartnerId, string Name, string Email, string? Website, string? Country, string Status, int TermsVersion, DateTimeOffset SubmittedAt, DateTimeOffset? DecidedAt)
{
    /// <summary>The event for <paramref name="application"/>; its id comes from the application, so recording it again after a crash delivers nothing new.</summary>
    public static WebhookEvent Event(string type, Application application, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(application);
        return new WebhookEvent(
            WebhookEvent.IdFor(type, application.Id), type, application.ProgramId, now,
            new PartnerEventData(
                application.Id, application.PartnerId, application.Name, application.Email, application.Website, application.Country,
                application.Status.ToString().ToLowerInvariant(), application.TermsVersion, application.SubmittedAt, application.DecidedAt));
    }
}
