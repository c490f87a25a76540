using Referrals.Core.Partners;
using Referrals.Core.Programs;

namespace Referrals.Core.Links;

/// <summary>Creates a link for a partner of a program, under a fresh random code.</summary>
public sealed class IssueLink(IProgramStore programs, IPartnerStore partners, ILinkStore links, TimeProvider time)
{
    private const int Attempts = 5;

    public async Task<IssueLinkOutcome> ExecuteAsync(string programId, LinkDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var program = await programs.GetAsync(programId, cancellationToken);
        if (program is null)
        {
            return new IssueLinkOutcome.ProgramNotFound();
        }

        if (program.IsArchived)
        {
            return new IssueLinkOutcome.ProgramArchived();
        }

        var errors = draft.Validate(program);
        if (!errors.IsEmpty)
        {
            return new IssueLinkOutcome.Invalid(errors);
        }

        var partner = await partners.GetAsync(draft.PartnerId!, cancellationToken);
        if (partner is null || partner.ProgramId != program.Id)
        {
            return new IssueLinkOutcome.PartnerNotFound();
        }

        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var link = new Link(LinkCode.New(), program.Id, partner.Id, new Uri(draft.Destination!), draft.Campaign, time.GetUtcNow(), draft.Utm?.HasValues() == true ? draft.Utm : null);
            if (await links.TryCreateAsync(link, cancellationToken))
            {
                return new IssueLinkOutcome.Issued(link);
            }
        }

        throw new InvalidOperationException($"No free link code after {Attempts} attempts.");
    }
}
