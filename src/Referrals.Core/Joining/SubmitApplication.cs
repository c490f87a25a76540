using Referrals.Core.Email;
using Referrals.Core.OutboundWebhooks;
using Referrals.Core.Programs;

namespace Referrals.Core.Joining;

/// <summary>
/// Takes an application from a program's public page: checks it, stores it once per e-mail address
/// with the terms version it accepted, then approves it at once when the program says so, else tells
/// the applicant it arrived.
/// </summary>
public sealed class SubmitApplication(
    IProgramStore programs, ITermsStore terms, IJoinSettingsStore settings, IApplicationStore applications, DecideApplication decide, IEmailOutbox outbox, TimeProvider time,
    IWebhookOutbox? webhooks = null)
{
    /// <summary>Who <see cref="DecideApplication"/> records as the decider of an automatic approval.</summary>
    public const string AutomaticDecider = "auto-approve";

    /// <summary>Submits <paramref name="draft"/>; <paramref name="acceptedTermsVersion"/> is the version shown on the form, refused when no longer current; <paramref name="portalLinks"/> makes the addresses of an automatic approval's e-mail.</summary>
    public async Task<SubmitApplicationOutcome> ExecuteAsync(
        string programId, ApplicationDraft draft, int acceptedTermsVersion, string addressHash, IPortalLinks portalLinks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (await programs.GetAsync(programId, cancellationToken) is not { } program
            || await terms.GetCurrentAsync(programId, cancellationToken) is not { } current)
        {
            return new SubmitApplicationOutcome.NotOpen();
        }

        if (program.IsArchived)
        {
            return new SubmitApplicationOutcome.Closed();
        }

        var errors = draft.Validate();
        if (draft.AcceptsTerms && acceptedTermsVersion != current.Version)
        {
            errors.Add("acceptsTerms", "The terms changed while the form was open; read the current terms and accept them again.");
        }

        if (!errors.IsEmpty)
        {
            return new SubmitApplicationOutcome.Invalid(errors);
        }

        var application = new Application(
            Identifiers.New("app"),
            program.Id,
            draft.Name!.Trim(),
            draft.Email!.Trim(),
            ApplicationDraft.Clean(draft.Website),
            ApplicationDraft.Clean(draft.Country),
            ApplicationDraft.Clean(draft.Message),
            current.Version,
            current.TextSha256,
            addressHash,
            time.GetUtcNow());
        if (!await applications.TryCreateAsync(application, draft.NormalizedEmail, cancellationToken))
        {
            return new SubmitApplicationOutcome.Duplicate();
        }

        if (webhooks is not null)
        {
            await webhooks.RecordAsync(PartnerEventData.Event(WebhookEventTypes.PartnerApplied, application, time.GetUtcNow()), cancellationToken);
        }

        if ((await settings.GetAsync(program.Id, cancellationToken)).ApprovesAutomatically(application.Email))
        {
            var outcome = await decide.ExecuteAsync(program.Id, application.Id, approve: true, reason: null, AutomaticDecider, portalLinks, cancellationToken);
            if (outcome is DecideApplicationOutcome.Decided decided)
            {
                return new SubmitApplicationOutcome.Submitted(decided.Application);
            }
        }

        await outbox.EnqueueAsync(EmailMessages.ApplicationReceived(program, application.Name, application.Email), cancellationToken);
        return new SubmitApplicationOutcome.Submitted(application);
    }
}
