using Referrals.Core.Email;
using Referrals.Core.Partners;
using Referrals.Core.Programs;
using Referrals.Core.Validation;

namespace Referrals.Core.Joining;

/// <summary>
/// Publishes a new version of a program's terms (version n+1) and e-mails the program's active
/// partners that there is something to accept.
/// </summary>
public sealed class PublishTerms(IProgramStore programs, ITermsStore terms, IPartnerDirectory directory, IEmailOutbox outbox, TimeProvider time)
{
    private const int Attempts = 5;

    /// <summary>The most partners one publication e-mails (the directory's page).</summary>
    public const int MaxNotified = 1_000;

    public async Task<PublishTermsOutcome> ExecuteAsync(string programId, string? text, string portalUrl, CancellationToken cancellationToken)
    {
        if (await programs.GetAsync(programId, cancellationToken) is not { } program)
        {
            return new PublishTermsOutcome.ProgramNotFound();
        }

        if (program.IsArchived)
        {
            return new PublishTermsOutcome.ProgramArchived();
        }

        if (string.IsNullOrWhiteSpace(text) || text.Length > ProgramTerms.MaxTextLength)
        {
            return new PublishTermsOutcome.Invalid(new ValidationErrors().Add("text", $"'text' is required, at most {ProgramTerms.MaxTextLength} characters."));
        }

        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var current = await terms.GetCurrentAsync(programId, cancellationToken);
            var published = ProgramTerms.Create(programId, (current?.Version ?? 0) + 1, text, time.GetUtcNow());
            if (!await terms.TryAddAsync(published, cancellationToken))
            {
                continue;
            }

            foreach (var partner in await directory.ListAsync(programId, MaxNotified, cancellationToken))
            {
                if (partner.Status == PartnerStatus.Active)
                {
                    await outbox.EnqueueAsync(EmailMessages.NewTerms(program, partner, published.Version, portalUrl), cancellationToken);
                }
            }

            return new PublishTermsOutcome.Published(published);
        }

        throw new InvalidOperationException($"Terms of program {programId} kept changing during {Attempts} attempts to publish.");
    }
}
