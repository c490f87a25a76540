using Referrals.Core.Email;
using Referrals.Core.Links;
using Referrals.Core.OutboundWebhooks;
using Referrals.Core.Partners;
using Referrals.Core.Programs;
using Referrals.Core.Validation;

namespace Referrals.Core.Joining;

/// <summary>
/// A manager's (or the program's automatic) decision on a pending application. Approval creates the
/// partner (active) with the agreement the applicant gave, a first link to the program's default
/// destination, and the welcome e-mail with a portal sign-in link; rejection e-mails the applicant when
/// the program says so. The decision is stored last: every step before it is repeatable (the partner's
/// id comes from the application), so a crash midway leaves an application that can simply be decided again.
/// </summary>
public sealed class DecideApplication(
    IProgramStore programs,
    IApplicationStore applications,
    IJoinSettingsStore settings,
    IPartnerStore partners,
    IAgreementStore agreements,
    IPartnerLinkIndex partnerLinks,
    IssueLink issueLink,
    IEmailOutbox outbox,
    TimeProvider time,
    IWebhookOutbox? webhooks = null)
{
    public const int MaxReasonLength = 1_000;

    /// <summary>Decides the application; <paramref name="portalLinks"/> makes the addresses the welcome e-mail shows.</summary>
    public async Task<DecideApplicationOutcome> ExecuteAsync(
        string programId, string applicationId, bool approve, string? reason, string decidedBy, IPortalLinks portalLinks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(portalLinks);
        if (reason is { Length: > MaxReasonLength })
        {
            return new DecideApplicationOutcome.Invalid(new ValidationErrors().Add("reason", $"'reason' is at most {MaxReasonLength} characters."));
        }

        if (await programs.GetAsync(programId, cancellationToken) is not { } program
            || await applications.GetAsync(programId, applicationId, cancellationToken) is not { } application)
        {
            return new DecideApplicationOutcome.NotFound();
        }

        if (application.Status != ApplicationStatus.Pending)
        {
            return new DecideApplicationOutcome.AlreadyDecided(application);
        }

        if (approve && program.IsArchived)
        {
            return new DecideApplicationOutcome.ProgramArchived();
        }

        var joinSettings = await settings.GetAsync(program.Id, cancellationToken);
        var decided = application with
        {
            Status = approve ? ApplicationStatus.Approved : ApplicationStatus.Rejected,
            DecidedBy = decidedBy,
            Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
            DecidedAt = time.GetUtcNow(),
            PartnerId = approve ? application.PartnerIdOnApproval : null,
        };

        EmailMessage? email = null;
        if (approve)
        {
            var partner = await CreatePartnerAsync(program, application, cancellationToken);
            var firstLink = await FirstLinkAsync(program, partner, joinSettings, cancellationToken);
            email = EmailMessages.Approved(program, partner, portalLinks.SignIn(partner), firstLink is null ? null : portalLinks.TrackedLink(firstLink.Code));
        }
        else if (joinSettings.EmailRejections)
        {
            email = EmailMessages.Rejected(program, application.Name, application.Email, decided.Reason);
        }

        // Recorded before the decision is stored (the event's id comes from the application), so a crash
        // in between records it again on the next try and the shop is told exactly once.
        if (approve && webhooks is not null)
        {
            await webhooks.RecordAsync(PartnerEventData.Event(WebhookEventTypes.PartnerApproved, decided, time.GetUtcNow()), cancellationToken);
        }

        if (!await applications.TryDecideAsync(decided, cancellationToken))
        {
            return await applications.GetAsync(programId, applicationId, cancellationToken) is { } now
                ? new DecideApplicationOutcome.AlreadyDecided(now)
                : new DecideApplicationOutcome.NotFound();
        }

        if (email is not null)
        {
            await outbox.EnqueueAsync(email, cancellationToken);
        }

        return new DecideApplicationOutcome.Decided(decided);
    }

    private async Task<Partner> CreatePartnerAsync(ReferralProgram program, Application application, CancellationToken cancellationToken)
    {
        var partnerId = application.PartnerIdOnApproval;
        if (await partners.GetAsync(partnerId, cancellationToken) is not { } partner)
        {
            partner = new Partner(partnerId, program.Id, application.Name, application.Email, PartnerType.Affiliate, PartnerStatus.Active, time.GetUtcNow());

            // Groups: this is where an approved partner joins the program's default group, once programs have groups.
            await partners.CreateAsync(partner, cancellationToken);
        }

        // The terms the applicant accepted with the application are the partner's first agreement.
        await agreements.RecordAsync(
            program.Id, partner.Id, new Agreement(application.TermsVersion, application.TermsSha256, application.SubmittedAt, application.AddressHash), cancellationToken);
        return partner;
    }

    private async Task<Link?> FirstLinkAsync(ReferralProgram program, Partner partner, JoinSettings joinSettings, CancellationToken cancellationToken)
    {
        if (await partnerLinks.ListLinksAsync(partner.Id, cancellationToken) is [var existing, ..])
        {
            return existing;
        }

        var destination = joinSettings.DefaultDestination ?? (program.AllowedHosts.Count > 0 ? $"https://{program.AllowedHosts[0]}/" : null);
        if (destination is null)
        {
            return null;
        }

        return await issueLink.ExecuteAsync(program.Id, new LinkDraft(partner.Id, destination, "welcome"), cancellationToken) is IssueLinkOutcome.Issued issued
            ? issued.Link
            : null;
    }
}
