using Referrals.Core.Email;
using Referrals.Core.Events;
using Referrals.Core.Partners;
using Referrals.Core.Programs;

namespace Referrals.Core.Joining;

/// <summary>
/// Fans a publication of terms out: one e-mail per active partner into the e-mail outbox, a page of
/// partners at a time. Each e-mail's id comes from the program, version and partner
/// (<see cref="EmailIdFor"/>), and the outbox's sender sends an id once, so running the fan-out again
/// (a redelivery after a crash midway) sends nobody a second e-mail.
/// </summary>
public sealed class NotifyNewTerms(IProgramStore programs, ITermsStore terms, IPartnerEditor partners, IEmailOutbox outbox) : IEventHandler<TermsPublished>
{
    private const int PageSize = 100;

    public async Task HandleAsync(TermsPublished @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        if (await programs.GetAsync(@event.ProgramId, cancellationToken) is not { } program)
        {
            return;
        }

        // A newer version has its own fan-out: asking partners to accept a version already replaced helps nobody.
        if (await terms.GetCurrentAsync(program.Id, cancellationToken) is not { } current || current.Version != @event.Version)
        {
            return;
        }

        var active = new PartnerFilter(Status: PartnerStatus.Active);
        string? after = null;
        do
        {
            var page = await partners.ListAsync(program.Id, active, after, PageSize, cancellationToken);
            foreach (var partner in page.Items)
            {
                await outbox.EnqueueAsync(EmailMessages.NewTerms(program, partner, @event.Version, @event.PortalUrl) with { Id = EmailIdFor(program.Id, @event.Version, partner.Id) }, cancellationToken);
            }

            after = page.Next;
        }
        while (after is not null);
    }

    /// <summary>The id of the new-terms e-mail of one partner and version: the same on every run of the fan-out.</summary>
    public static string EmailIdFor(string programId, int version, string partnerId) => $"terms-{programId}-{version}-{partnerId}";
}
