using Referrals.Core.Partners;
using Referrals.Core.Programs;
using Referrals.Core.Tracking;

namespace Referrals.Core.Leads;

/// <summary>
/// Registers a customer for a partner before the sale. The first registration of a customer id or
/// e-mail keeps it; registering it again for the same partner answers with the stored lead.
/// </summary>
public sealed class RegisterLead(IProgramStore programs, IPartnerStore partners, ILeadStore leads, VisitorHasher hasher, TimeProvider time)
{
    public async Task<RegisterLeadOutcome> ExecuteAsync(string programId, LeadDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = draft.Validate();
        if (!errors.IsEmpty)
        {
            return new RegisterLeadOutcome.Invalid(errors);
        }

        var program = await programs.GetAsync(programId, cancellationToken);
        if (program is null)
        {
            return new RegisterLeadOutcome.ProgramNotFound();
        }

        if (program.IsArchived)
        {
            return new RegisterLeadOutcome.ProgramArchived();
        }

        var partner = await partners.GetAsync(draft.PartnerId!, cancellationToken);
        if (partner is null || partner.ProgramId != program.Id)
        {
            return new RegisterLeadOutcome.PartnerNotFound();
        }

        var lead = new Lead(
            program.Id,
            partner.Id,
            draft.CustomerId,
            draft.Email is null ? null : CustomerEmail.Hash(hasher, draft.Email),
            time.GetUtcNow());
        var holder = await leads.TryRegisterAsync(lead, cancellationToken);
        return holder switch
        {
            null => new RegisterLeadOutcome.Registered(lead),
            _ when holder.PartnerId == partner.Id => new RegisterLeadOutcome.Registered(holder),
            _ => new RegisterLeadOutcome.AlreadyRegistered(holder),
        };
    }
}
