using Referrals.Core.Programs;
using Referrals.Core.Validation;

namespace Referrals.Core.Joining;

/// <summary>
/// Publishes a new version of a program's terms (version n+1) and leaves one durable work item
/// (<see cref="TermsPublished"/>) from which <see cref="NotifyNewTerms"/> e-mails every active partner that
/// there is something to accept. The request writes two rows, whatever the number of partners.
/// </summary>
public sealed class PublishTerms(IProgramStore programs, ITermsStore terms, ITermsFanOut fanOut, TimeProvider time)
{
    private const int Attempts = 5;

    /// <summary>The most partners the list of who has accepted which version shows (the directory's page).</summary>
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

            // Answered only once the work item is queued: a crash before it leaves the request unanswered, never the e-mails unsent.
            await fanOut.EnqueueAsync(new TermsPublished(program.Id, published.Version, portalUrl), cancellationToken);
            return new PublishTermsOutcome.Published(published);
        }

        throw new InvalidOperationException($"Terms of program {programId} kept changing during {Attempts} attempts to publish.");
    }
}
